// The cheap route-level test: the whole product on embedded PostgreSQL in this process (read
// models projected in-process, no push), driven through fastify's inject, no sockets. In the
// style of fastify/demo's build(t): the teardown is registered once here.
import type { Test } from 'tap';
import pino from 'pino';
import { loadConfig } from '../../services/shared/config.js';
import { startPlatform, type Platform } from '../../services/platform.js';
import { startTestDatabase } from './pg.js';

export interface Injected {
  status: number;
  /** The raw body text (facades write exact 64-bit numbers a double cannot hold). */
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface TestApp {
  platform: Platform;
  inject(opts: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string | object }): Promise<Injected>;
  /** Signs a phone in through /v1 and returns its user id and token. */
  signIn(phone: string): Promise<{ userId: string; token: string }>;
}

export const build = async (t: Test, env: Record<string, string> = {}): Promise<TestApp> => {
  const db = await startTestDatabase();
  t.teardown(() => db.stop());
  const config = loadConfig({
    DATABASE_URL: db.url,
    DEV_MODE: 'true',
    PORT: '0',
    WS_PORT: '0',
    LOG_LEVEL: 'silent',
    ROLES: 'command-api,query-api,projector,process-manager',
    PROJECTOR_THREAD: 'false',
    ...env,
  });
  const platform = await startPlatform(config, pino({ level: 'silent' }));
  // Teardowns run last first: the platform stops before its database.
  t.teardown(() => platform.stop());
  const app = platform.app;
  if (!app) throw new Error('the platform runs no HTTP app');
  const inject: TestApp['inject'] = async (opts) => {
    const r = await app.inject(opts);
    return { status: r.statusCode, text: r.body, json: <T>() => JSON.parse(r.body) as T };
  };
  return {
    platform,
    inject,
    async signIn(phone) {
      await inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
      const code = platform.core.devSms?.latest(phone) ?? '';
      return (await inject({ method: 'POST', url: '/v1/auth/sessions', payload: { phone, code } })).json<{ userId: string; token: string }>();
    },
  };
};
