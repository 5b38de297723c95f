// Media: what each upload is (owner, kind, sniffed type, size, dimensions, object keys), for the
// metadata and content routes and for anything that references a media id.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Keyed by media id, so a repeat changes nothing.
import type { MediaKind } from '../domain/media.js';
import type { Projection } from './projection.js';
import { handling, int, iso, type Db } from './support.js';

const handled = handling(['MediaUploaded'] as const);

export const mediaProjection: Projection = {
  name: 'media',
  tables: ['media'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const d = e.data;
    await tx.query(
      `insert into media (media_id, owner_id, kind, mime, size, sha256, object_key, thumbnail_key, width, height, duration_ms, name, created_at, position)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) on conflict do nothing`,
      [d.mediaId, d.ownerId, d.kind, d.mime, d.size, d.sha256, d.objectKey, d.thumbnailKey ?? null, d.width ?? null, d.height ?? null, d.durationMs ?? null, d.name ?? null, d.uploadedAt, event.position],
    );
  },
};

/** Where a client fetches a media's bytes on this API. */
export const mediaPath = (mediaId: string, variant: 'content' | 'thumbnail' = 'content'): string => `/v1/media/${encodeURIComponent(mediaId)}/${variant}`;

/** A stored avatar or photo as a client loads it: `media:<id>` (an upload of ours) becomes its content path; a URL stays. */
export const renderMediaRef = (value: string): string => (value.startsWith('media:') ? mediaPath(value.slice('media:'.length)) : value);

export interface MediaView {
  mediaId: string;
  ownerId: string;
  kind: MediaKind;
  mime: string;
  size: number;
  sha256: string;
  objectKey: string;
  thumbnailKey: string | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  name: string | null;
  createdAt: string;
}

type Row = {
  media_id: string;
  owner_id: string;
  kind: MediaKind;
  mime: string;
  size: number | string;
  sha256: string;
  object_key: string;
  thumbnail_key: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | string | null;
  name: string | null;
  created_at: Date;
};

const view = (r: Row): MediaView => ({
  mediaId: r.media_id,
  ownerId: r.owner_id,
  kind: r.kind,
  mime: r.mime,
  size: int(r.size),
  sha256: r.sha256,
  objectKey: r.object_key,
  thumbnailKey: r.thumbnail_key,
  width: r.width,
  height: r.height,
  durationMs: r.duration_ms === null ? null : int(r.duration_ms),
  name: r.name,
  createdAt: iso(r.created_at),
});

export const getMedia = async (db: Db, mediaId: string): Promise<MediaView | null> => {
  const r = await db.query<Row>('select * from media where media_id = $1', [mediaId]);
  const row = r.rows[0];
  return row ? view(row) : null;
};
