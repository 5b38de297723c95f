// The S3-compatible adapter (AWS S3, MinIO, s3rver in the tests), through @aws-sdk/client-s3.
// Credentials and endpoint come from configuration; path-style addressing so MinIO and s3rver
// work without wildcard DNS.
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { checkKey, type ObjectInfo, type ObjectStore } from './port.js';

export interface S3Settings {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

const notFound = (err: unknown) => {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

export const s3ObjectStore = (s: S3Settings): ObjectStore & { client: S3Client } => {
  const client = new S3Client({
    region: s.region,
    forcePathStyle: true,
    ...(s.endpoint !== undefined ? { endpoint: s.endpoint } : {}),
    ...(s.accessKeyId !== undefined && s.secretAccessKey !== undefined ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
  });
  const Bucket = s.bucket;
  const head = async (key: string): Promise<ObjectInfo | null> => {
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
      return { size: r.ContentLength ?? 0, contentType: r.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  };
  return {
    name: 's3',
    client,
    async put(key, body, contentType) {
      const put = () => client.send(new PutObjectCommand({ Bucket, Key: checkKey(key), Body: body, ContentType: contentType, ContentLength: body.length }));
      try {
        await put();
      } catch (err) {
        // A fresh MinIO has no bucket: make it on the first upload (two racing makers are fine).
        if ((err as { name?: unknown }).name !== 'NoSuchBucket') throw err;
        await client.send(new CreateBucketCommand({ Bucket })).catch((e: unknown) => {
          const name = (e as { name?: unknown }).name;
          if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw e;
        });
        await put();
      }
    },
    async get(key, range) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: checkKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        const bytes = r.Body ? Buffer.from(await r.Body.transformToByteArray()) : Buffer.alloc(0);
        const total = range ? Number(/\/(\d+)$/.exec(r.ContentRange ?? '')?.[1] ?? bytes.length) : bytes.length;
        return { body: bytes, size: total, contentType: r.ContentType ?? 'application/octet-stream' };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    head,
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }));
    },
  };
};
