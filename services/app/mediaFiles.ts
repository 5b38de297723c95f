// What an upload's bytes are, decided from the bytes alone: the type is sniffed (file-type),
// never taken from the file name or the Content-Type header, so a script named `.jpg` is refused
// before anything is stored. Images are decoded under a pixel limit (a decompression bomb is a
// small file that decodes to gigabytes) and get a thumbnail with no metadata (EXIF, GPS).
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { CodedError } from '../../domain/errors.js';
import { mediaKinds, type MediaKind } from '../../domain/media.js';
import type { Config } from '../shared/config.js';

/** The image formats we decode and serve; others (SVG can carry script, TIFF, HEIC) are refused as images. */
const imageTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export interface Sniffed {
  kind: MediaKind;
  mime: string;
}

export const isMediaKind = (v: string): v is MediaKind => (mediaKinds as readonly string[]).includes(v);

const kindOfMime = (mime: string): MediaKind | null => {
  if (imageTypes.has(mime)) return 'image';
  if (mime.startsWith('audio/')) return 'voice';
  if (mime.startsWith('video/')) return 'video';
  return null;
};

const refused = (message: string, details: Record<string, unknown>) => new CodedError('UNSUPPORTED_MEDIA_TYPE', message, details);

/**
 * The kind and type of these bytes. `asked` is the kind the client asked for: an image, voice or
 * video must sniff as one; a `file` is anything, served as a download (undetectable bytes, text
 * among them, as application/octet-stream).
 */
export const sniff = async (bytes: Buffer, asked: MediaKind | undefined): Promise<Sniffed> => {
  if (bytes.length === 0) throw new CodedError('VALIDATION_FAILED', 'the file is empty', { field: 'file' });
  const found = await fileTypeFromBuffer(bytes);
  const mime = found?.mime ?? null;
  const kind = mime === null ? null : kindOfMime(mime);
  if (asked === 'file') return { kind: 'file', mime: mime ?? 'application/octet-stream' };
  if (kind === null) throw refused('the bytes are not an image, voice or video we accept', { detected: mime, ...(asked ? { kind: asked } : {}) });
  if (asked !== undefined && asked !== kind) throw refused(`the bytes are ${mime ?? 'unknown'}, not ${asked === 'image' ? 'an' : 'a'} ${asked}`, { detected: mime, kind: asked });
  return { kind, mime: mime ?? 'application/octet-stream' };
};

export const maxBytesOf = (c: Config, kind: MediaKind): number =>
  ({ image: c.MEDIA_MAX_IMAGE_BYTES, voice: c.MEDIA_MAX_VOICE_BYTES, video: c.MEDIA_MAX_VIDEO_BYTES, file: c.MEDIA_MAX_FILE_BYTES })[kind];

/** The largest upload of any kind: what the multipart reader stops at before the kind is known. */
export const largestUpload = (c: Config): number => Math.max(...mediaKinds.map((k) => maxBytesOf(c, k)));

export const requireSize = (c: Config, kind: MediaKind, size: number): void => {
  const limit = maxBytesOf(c, kind);
  if (size > limit) throw new CodedError('PAYLOAD_TOO_LARGE', `a ${kind} may be at most ${limit} bytes`, { kind, limit, size });
};

export interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
  thumbnailMime: string;
}

/** Dimensions and a thumbnail (longest side MEDIA_THUMBNAIL_PX, never enlarged, metadata stripped, JPEG). */
export const imageFacts = async (c: Config, bytes: Buffer): Promise<ImageFacts> => {
  const limit = c.MEDIA_MAX_PIXELS;
  let meta: Metadata;
  try {
    // The header only: nothing is decoded yet, so the pixel limit is checked below, with a clear answer.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refused('the image cannot be decoded', {});
  }
  const width = meta.width;
  const height = meta.height;
  if (!width || !height) throw refused('the image has no dimensions', {});
  if (width * height > limit) throw new CodedError('PAYLOAD_TOO_LARGE', `an image may have at most ${limit} pixels`, { width, height, limit });
  const side = c.MEDIA_THUMBNAIL_PX;
  try {
    // rotate() applies the EXIF orientation before the metadata goes; sharp writes none by default.
    const thumbnail = await sharp(bytes, { limitInputPixels: limit, animated: false })
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer();
    return { width, height, thumbnail, thumbnailMime: 'image/jpeg' };
  } catch {
    throw refused('the image cannot be decoded', {});
  }
};

export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * One `Range: bytes=…` over an object of `size` bytes (RFC 9110 §14). Several ranges, or any
 * other unit, answer the whole object, which the RFC allows; a range that starts past the end is
 * unsatisfiable (416).
 */
export const byteRange = (header: string | undefined, size: number): RangeAnswer => {
  if (header === undefined) return { kind: 'whole' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  const [first, last] = [m[1] ?? '', m[2] ?? ''];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' };
  return { kind: 'part', start, end };
};
