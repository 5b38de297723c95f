// Uploads and their bytes (issue #20): POST /v1/media (multipart/form-data: one `file` part, and
// optionally `kind` and `durationMs` fields), the metadata by id, and the content and thumbnail.
import { z } from 'zod';
import { ErrorBody, errorResponses, Id } from '../common.js';

export const MediaKind = z.enum(['image', 'voice', 'video', 'file']);

/** The form fields beside the file (multipart fields arrive as text). */
export const UploadFields = z.strictObject({
  /** What the client means to send; the sniffed bytes must agree. Omitted: whatever they are (never `file`). */
  kind: MediaKind.optional(),
  /** Voice and video: the length the client measured, in milliseconds. */
  durationMs: z.coerce.number().int().positive().max(24 * 3600 * 1000).optional(),
});

export const Media = z.object({
  mediaId: z.string(),
  ownerId: z.string(),
  kind: MediaKind,
  /** Sniffed from the bytes, never taken from the name or the header. */
  mime: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** The client's file name, for `file` downloads only. */
  name: z.string().nullable(),
  /** Where the bytes are (`/v1/media/:id/content`, absolute when PUBLIC_HTTP_URL is set). */
  url: z.string(),
  /** Images: a JPEG whose longest side is at most MEDIA_THUMBNAIL_PX. */
  thumbnailUrl: z.string().nullable(),
  createdAt: z.string(),
});

export const uploadMedia = {
  description: 'multipart/form-data with one `file` part (and optional `kind`, `durationMs` fields). 413 over the kind\'s limit, 415 when the bytes are not what is accepted.',
  response: { 201: Media, ...errorResponses, 415: ErrorBody },
} as const;

export const getMedia = {
  params: z.strictObject({ mediaId: Id }),
  response: { 200: Media, ...errorResponses },
} as const;

/** The bytes: the sniffed type, immutable caching, ETag, nosniff, one byte range (206/416). */
export const getMediaContent = {
  params: z.strictObject({ mediaId: Id }),
} as const;
