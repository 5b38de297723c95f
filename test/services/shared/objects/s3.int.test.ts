// The S3 adapter against s3rver on 127.0.0.1 (no Docker here; MinIO in the compose file speaks the same protocol).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import t from 'tap';
import { s3ObjectStore } from '../../../../services/shared/objects/s3.js';
import { objectStoreContract } from './contract.js';

void objectStoreContract(t, 's3 (s3rver)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'media-test' }] });
  const { port } = await server.run();
  // s3rver accepts any signature; these are placeholders, not secrets.
  const store = s3ObjectStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'media-test', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  return {
    store,
    teardown: async () => {
      store.client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
