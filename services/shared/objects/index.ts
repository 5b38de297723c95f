// Picks the object store from configuration (MEDIA_STORE): the disk under DATA_DIR by default,
// S3-compatible storage when configured. One per process, made on first use.
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { diskObjectStore } from './disk.js';
import type { ObjectStore } from './port.js';
import { s3ObjectStore } from './s3.js';

export type { ByteRange, ObjectInfo, ObjectStore, StoredObject } from './port.js';

export const objectStoreFrom = (c: Config): ObjectStore =>
  c.MEDIA_STORE === 's3'
    ? s3ObjectStore({ endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket: c.S3_BUCKET, accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY })
    : diskObjectStore(join(resolve(c.DATA_DIR), 'objects'));

const stores = new WeakMap<Config, ObjectStore>();
/** The process's store for this configuration (tests may build their own and pass it). */
export const objectStoreOf = (c: Config): ObjectStore => {
  const known = stores.get(c);
  if (known) return known;
  const made = objectStoreFrom(c);
  stores.set(c, made);
  return made;
};
