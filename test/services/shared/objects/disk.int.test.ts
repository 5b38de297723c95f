import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { diskObjectStore } from '../../../../services/shared/objects/disk.js';
import { objectStoreContract } from './contract.js';

void objectStoreContract(t, 'disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'objects-'));
  return { store: diskObjectStore(dir), teardown: () => rm(dir, { recursive: true, force: true }) };
});
