// Uploads (issue #20): POST /v1/media stores the bytes in object storage, then records
// `MediaUploaded` on the media's own stream (metadata only: the audit and a replay see every
// upload and its owner; bytes never enter the log). Bytes are written before the event, so an
// event always names bytes that exist; a crash between leaves an unreferenced object, never a
// reference to nothing. A keyed retry answers the first upload and stores nothing again.
//
// Serving: by media id, with the sniffed type, `immutable` caching (an id's bytes never change),
// the SHA-256 as ETag, nosniff, and one byte range (voice and video seek). Content is public by
// id, because an <img> or a player sends no bearer token; a media whose review was rejected is
// served to no one.
import { createHash } from 'node:crypto';
import { CodedError } from '../../domain/errors.js';
import { mediaDecider, mediaStream, type MediaKind } from '../../domain/media.js';
import { getMedia as readMedia, mediaPath, mediaReviewStatuses, type MediaView } from '../../projections/queries.js';
import { objectStoreOf, type ObjectStore } from '../shared/objects/index.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { byteRange, imageFacts, requireSize, sniff } from './mediaFiles.js';
import { settled } from './results.js';

export const objectsOf = (core: Core): ObjectStore => core.objects ?? objectStoreOf(core.config);

/** Where a client fetches a media's bytes: PUBLIC_HTTP_URL's origin when configured, else a path on this host. */
export const mediaUrl = (core: Core, mediaId: string, variant: 'content' | 'thumbnail' = 'content'): string =>
  `${core.config.PUBLIC_HTTP_URL?.replace(/\/$/, '') ?? ''}${mediaPath(mediaId, variant)}`;

export interface UploadInput {
  bytes: Buffer;
  /** The kind the client says it sends; checked against the sniffed bytes. Omitted: whatever they are. */
  kind?: MediaKind | undefined;
  /** Voice and video: the length the client measured (we do not decode audio or video). */
  durationMs?: number | undefined;
  /** The client's file name: kept for `file` downloads only, never used to decide the type. */
  filename?: string | undefined;
}

export const mediaView = (core: Core, m: MediaView) => ({
  mediaId: m.mediaId,
  ownerId: m.ownerId,
  kind: m.kind,
  mime: m.mime,
  size: m.size,
  width: m.width,
  height: m.height,
  durationMs: m.durationMs,
  name: m.name,
  url: mediaUrl(core, m.mediaId),
  thumbnailUrl: m.thumbnailKey === null ? null : mediaUrl(core, m.mediaId, 'thumbnail'),
  createdAt: m.createdAt,
});

const fileName = (name: string | undefined): string | undefined => {
  const n = name?.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, 200);
  return n === undefined || n === '' ? undefined : n;
};

export const uploadMedia = (core: Core, caller: Caller, input: UploadInput, opts: CommandOptions = {}) =>
  // The idempotency record hashes what identifies the upload, not the bytes themselves.
  runCommand(core, caller, 'uploadMedia', { sha256: createHash('sha256').update(input.bytes).digest('hex'), kind: input.kind, durationMs: input.durationMs }, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { kind, mime } = await sniff(input.bytes, input.kind);
    requireSize(core.config, kind, input.bytes.length);
    const image = kind === 'image' ? await imageFacts(core.config, input.bytes) : null;
    const mediaId = newId();
    const objectKey = `media/${mediaId}`;
    const objects = objectsOf(core);
    if (image) await objects.put(`${objectKey}.thumb`, image.thumbnail, image.thumbnailMime);
    await objects.put(objectKey, input.bytes, mime);
    const name = kind === 'file' ? fileName(input.filename) : undefined;
    const r = await core.bus.handle(mediaDecider, mediaStream(mediaId), {
      type: 'UploadMedia',
      data: {
        mediaId,
        ownerId: user.userId,
        kind,
        mime,
        size: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        objectKey,
        ...(image ? { width: image.width, height: image.height, thumbnailKey: `${objectKey}.thumb` } : {}),
        ...((kind === 'voice' || kind === 'video') && input.durationMs !== undefined ? { durationMs: input.durationMs } : {}),
        ...(name !== undefined ? { name } : {}),
      },
      metadata: meta,
    });
    await settled(core, r);
    const m = await readMedia(core.pool, mediaId);
    if (!m) throw notFound('media', { mediaId });
    return mediaView(core, m);
  });

const visible = async (core: Core, mediaId: string): Promise<MediaView> => {
  const m = await readMedia(core.pool, mediaId);
  if (!m || (await mediaReviewStatuses(core.pool, [mediaId])).get(mediaId) === 'rejected') throw notFound('media', { mediaId });
  return m;
};

export const getMedia = async (core: Core, caller: Caller, input: { mediaId: string }) => {
  requireUser(caller);
  return mediaView(core, await visible(core, input.mediaId));
};

/** The caller's own uploads must exist and be theirs to be referenced (avatars, photo walls). */
export const requireOwnMedia = async (core: Core, userId: string, mediaId: string, kind: MediaKind): Promise<MediaView> => {
  const m = await readMedia(core.pool, mediaId);
  if (!m || m.ownerId !== userId) throw notFound('media', { mediaId });
  if (m.kind !== kind) throw new CodedError('VALIDATION_FAILED', `media ${mediaId} is not ${kind === 'image' ? 'an' : 'a'} ${kind}`, { mediaId });
  return m;
};

export interface ServedMedia {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body: Buffer | null;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const download = (m: MediaView) => m.kind === 'file' || !/^(image|audio|video)\//.test(m.mime);

/** The bytes of a media (or its thumbnail), whole or one range, with the caching headers. */
export const serveMedia = async (core: Core, input: { mediaId: string; variant: 'content' | 'thumbnail'; range?: string | undefined; ifNoneMatch?: string | undefined }): Promise<ServedMedia> => {
  const m = await visible(core, input.mediaId);
  const key = input.variant === 'content' ? m.objectKey : m.thumbnailKey;
  if (key === null) throw notFound('thumbnail', { mediaId: m.mediaId });
  const etag = `"${m.sha256}${input.variant === 'thumbnail' ? '-thumb' : ''}"`;
  const base: Record<string, string> = {
    'cache-control': IMMUTABLE,
    etag,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'accept-ranges': 'bytes',
  };
  if (input.variant === 'content' && download(m)) base['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(m.name ?? m.mediaId)}`;
  if (input.ifNoneMatch !== undefined && input.ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return { status: 304, headers: base, body: null };
  const objects = objectsOf(core);
  const info = await objects.head(key);
  if (!info) throw notFound('media content', { mediaId: m.mediaId });
  const range = byteRange(input.range, info.size);
  if (range.kind === 'unsatisfiable') return { status: 416, headers: { ...base, 'content-range': `bytes */${info.size}` }, body: null };
  const got = await objects.get(key, range.kind === 'part' ? { start: range.start, end: range.end } : undefined);
  if (!got) throw notFound('media content', { mediaId: m.mediaId });
  const headers = { ...base, 'content-type': info.contentType };
  if (range.kind === 'part') return { status: 206, headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${info.size}` }, body: got.body };
  return { status: 200, headers, body: got.body };
};
