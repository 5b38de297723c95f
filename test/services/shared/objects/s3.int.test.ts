// The S3 adapter against s3rver on 127.0.0.1 (no Docker here; MinIO in the compose file speaks the same protocol).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import t from 'tap';
import { s3ObjectStore } from '../../../../services/shared/objects/s3.js';
import { objectStoreContract } from './contract.js';

const s3rver = async (bucket: string) => {
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: bucket === '' ? [] : [{ name: bucket }] });
  const { port } = await server.run();
  return { dir, server, endpoint: `http://127.0.0.1:${port}` };
};
// s3rver accepts any signature; these are placeholders, not secrets.
const placeholders = { region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

void objectStoreContract(t, 's3 (s3rver)', async () => {
  const { dir, server, endpoint } = await s3rver('media-test');
  const store = s3ObjectStore({ endpoint, bucket: 'media-test', ...placeholders });
  return {
    store,
    teardown: async () => {
      store.client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

void t.test('given no bucket yet (a fresh MinIO), when the first object is put, then the bucket is made and the object kept', async (t) => {
  const { dir, server, endpoint } = await s3rver('');
  const store = s3ObjectStore({ endpoint, bucket: 'fresh-media', ...placeholders });
  t.teardown(async () => {
    store.client.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.put('media/first', Buffer.from('hello'), 'text/plain');
  t.same((await store.get('media/first'))?.body.toString(), 'hello');
});
