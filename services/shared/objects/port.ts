// Object storage: where uploaded bytes live (never in the event log, never in PostgreSQL). One
// port, two adapters that pass one contract suite (test/services/shared/objects.contract.ts):
// the local disk under DATA_DIR for the embedded single process, and any S3-compatible store
// (MinIO in the compose file) for the distributed setup.
//
// Keys are written once and never rewritten: a media id's bytes do not change, which is what lets
// the content routes answer `immutable`. Reads are whole or one byte range.

export interface ObjectInfo {
  size: number;
  contentType: string;
}

/** An inclusive byte range, as HTTP writes it (bytes=start-end), already within the object. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject extends ObjectInfo {
  body: Buffer;
}

export interface ObjectStore {
  readonly name: string;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes (or the range of them), or null when there is no such key. */
  get(key: string, range?: ByteRange): Promise<StoredObject | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are our own (`media/<id>`, `media/<id>.thumb`): refuse anything that could walk a path. */
export const checkKey = (key: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$/.test(key) || key.split('/').some((p) => p === '' || p === '.' || p === '..')) throw new Error(`bad object key ${JSON.stringify(key)}`);
  return key;
};
