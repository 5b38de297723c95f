// A throwaway embedded PostgreSQL for one test file: its own temp directory and free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startEmbeddedPostgres } from '../../services/shared/postgres/embedded.js';

export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });

export interface TestDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const startTestDatabase = async (): Promise<TestDatabase> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-test-'));
  const port = await freePort();
  const pg = await startEmbeddedPostgres({ dataDir, port, durable: false });
  return {
    url: pg.url,
    dataDir,
    stop: async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
