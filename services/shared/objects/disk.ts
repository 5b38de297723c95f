// The local-disk adapter: one file per key under `<root>` (DATA_DIR/objects by default), with its
// content type in a sidecar `.type` file. A put writes to a temporary name and renames, so a
// reader never sees half an object and a crash leaves no partial file under the key.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkKey, type ByteRange, type ObjectInfo, type ObjectStore, type StoredObject } from './port.js';

const missing = (err: unknown) => (err as { code?: unknown }).code === 'ENOENT';

export const diskObjectStore = (root: string): ObjectStore => {
  const pathOf = (key: string) => join(root, checkKey(key));
  const typeOf = async (key: string) => (await readFile(`${pathOf(key)}.type`, 'utf8').catch(() => 'application/octet-stream')).trim();
  const head = async (key: string): Promise<ObjectInfo | null> => {
    try {
      const s = await stat(pathOf(key));
      return { size: s.size, contentType: await typeOf(key) };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  };
  const readRange = async (path: string, range: ByteRange): Promise<Buffer> => {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(range.end - range.start + 1);
      const { bytesRead } = await fh.read(buf, 0, buf.length, range.start);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  };
  return {
    name: 'disk',
    async put(key, body, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomUUID()}.tmp`;
      await writeFile(`${path}.type`, contentType);
      await writeFile(tmp, body);
      await rename(tmp, path);
    },
    async get(key, range): Promise<StoredObject | null> {
      const info = await head(key);
      if (!info) return null;
      const path = pathOf(key);
      const body = range === undefined ? await readFile(path) : await readRange(path, range);
      return { ...info, body };
    },
    head,
    async delete(key) {
      await rm(pathOf(key), { force: true });
      await rm(`${pathOf(key)}.type`, { force: true });
    },
  };
};
