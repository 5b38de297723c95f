// An upload: one stream per media id holding its metadata, so the log (audit, replay, rebuilds)
// knows every object the product serves and who owns it. The bytes never enter the log: they sit
// in object storage under `objectKey` (and `thumbnailKey` for images), written before the event,
// so a MediaUploaded always names bytes that exist. Sniffing, limits and thumbnails are the
// service's (they need the bytes); the decider re-checks the facts it records.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireId } from './rules.js';

export const mediaKinds = ['image', 'voice', 'video', 'file'] as const;
export type MediaKind = (typeof mediaKinds)[number];

export type MediaFacts = {
  mediaId: string;
  ownerId: string;
  kind: MediaKind;
  /** Sniffed from the bytes, never taken from the client. */
  mime: string;
  size: number;
  /** Hex SHA-256 of the bytes: the ETag, and what an auditor compares with the object. */
  sha256: string;
  objectKey: string;
  width?: number;
  height?: number;
  durationMs?: number;
  thumbnailKey?: string;
  /** The client's file name, kept only for `file` downloads. */
  name?: string;
  uploadedAt: string;
};

export type MediaUploaded = { type: 'MediaUploaded'; data: MediaFacts };
export type MediaEvent = MediaUploaded;

export type UploadMedia = { type: 'UploadMedia'; data: Omit<MediaFacts, 'uploadedAt'>; metadata: CommandMetadata };
export type MediaCommand = UploadMedia;

export type Media = { status: 'absent' } | ({ status: 'uploaded' } & MediaFacts);

export const initialState = (): Media => ({ status: 'absent' });

export const evolve = (s: Media, e: MediaEvent): Media => {
  switch (e.type) {
    case 'MediaUploaded':
      return { status: 'uploaded', ...e.data };
    default:
      return s;
  }
};

const dimension = (field: string, v: number | undefined) => (v === undefined || (Number.isSafeInteger(v) && v > 0) ? v : fail('VALIDATION_FAILED', `${field} must be a positive integer`, { field }));

const upload = (c: UploadMedia, s: Media): MediaEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this media id is taken', { mediaId: c.data.mediaId });
  const d = c.data;
  if (actor(c.metadata) !== d.ownerId) return fail('FORBIDDEN', 'an upload belongs to its uploader');
  if (!(mediaKinds as readonly string[]).includes(d.kind)) return fail('VALIDATION_FAILED', 'unknown media kind', { field: 'kind' });
  if (!Number.isSafeInteger(d.size) || d.size <= 0) return fail('VALIDATION_FAILED', 'an upload has bytes', { field: 'size' });
  if (!/^[0-9a-f]{64}$/.test(d.sha256)) return fail('VALIDATION_FAILED', 'sha256 must be 64 hex digits', { field: 'sha256' });
  requireId('mediaId', d.mediaId);
  requireId('objectKey', d.objectKey);
  dimension('width', d.width);
  dimension('height', d.height);
  dimension('durationMs', d.durationMs);
  const facts: MediaFacts = { ...d, uploadedAt: c.metadata.at };
  return [{ type: 'MediaUploaded', data: facts }];
};

export const decide = (c: MediaCommand, s: Media): MediaEvent[] => {
  switch (c.type) {
    case 'UploadMedia':
      return upload(c, s);
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const mediaStream = (mediaId: string): string => `media-${mediaId}`;

/** How profiles and messages name an upload of ours in place of a URL (domain/account/profile.ts). */
export const mediaRef = (mediaId: string): string => `media:${mediaId}`;
export const mediaIdOfRef = (value: string): string | null => (value.startsWith('media:') ? value.slice('media:'.length) : null);

export const mediaDecider: Decider<Media, MediaCommand, MediaEvent> = { initialState, evolve, decide };
