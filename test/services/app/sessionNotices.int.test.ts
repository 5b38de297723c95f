// Sessions ended in one process reach the others: two platforms on one database (as the
// distributed roles run), the second caching lookups and holding a push socket. An end in the first
// is refused by the second within the NOTIFY's delivery, not the cache's 30 s, and its socket closes;
// a notice lost while the LISTEN connection was down is made good when it reconnects.
import t from 'tap';
import pino from 'pino';
import { loadConfig } from '../../../services/shared/config.js';
import { startPlatform, type Platform } from '../../../services/platform.js';
import { Client } from '../../push/support.js';
import { startTestDatabase } from '../../support/pg.js';

const start = (url: string, roles: string) =>
  startPlatform(loadConfig({ DATABASE_URL: url, DEV_MODE: 'true', PORT: '0', WS_PORT: '0', LOG_LEVEL: 'silent', ROLES: roles, PROJECTOR_THREAD: 'false' }), pino({ level: 'silent' }));

/** Polls until check holds; answers how long it took (ms), or null past the timeout. */
const within = async (check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> => {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
};

t.test('session ends across processes', async (t) => {
  const db = await startTestDatabase();
  const a: Platform = await start(db.url, 'command-api,query-api,projector,process-manager');
  const b: Platform = await start(db.url, 'query-api,push');
  t.teardown(async () => {
    await b.stop();
    await a.stop();
    await db.stop();
  });
  const signIn = async (phone: string) => {
    const { logIn, requestLoginCode } = await import('../../../services/app/accounts.js');
    await requestLoginCode(a.core, { phone });
    return logIn(a.core, { kind: 'anonymous', app: 'core' }, { phone, code: a.core.devSms?.latest(phone) ?? '' });
  };
  const validOnB = async (token: string) => (await b.core.sessions.verify(token, new Date())) !== null;

  await t.test('given a token cached as valid by another process, when it is ended here, then there it is refused at once and its socket closes', async (t) => {
    const u = await signIn('+8613300000001');
    t.ok(await validOnB(u.token), 'b caches it as valid');
    const socket = await Client.connect(b.wsPort, u.token);
    t.match(await socket.subscribe(`user:${u.userId}`), { op: 'subscribed' });
    await a.core.sessions.end({ userId: u.userId }, 'revoked', new Date());
    const ms = await within(async () => !(await validOnB(u.token)), 5000);
    t.ok(ms !== null && ms < 5000, `refused by the other process after ${ms} ms (cache: 30 s)`);
    t.match(await socket.waitClosed(5000), { code: 4001 });
  });

  await t.test('given the LISTEN connection dropped, when a session ends meanwhile, then the reconnect drops the cache and rechecks sockets', async (t) => {
    const u = await signIn('+8613300000002');
    t.ok(await validOnB(u.token));
    const socket = await Client.connect(b.wsPort, u.token);
    // Cut every LISTEN connection on session_ended (b's and a's): their notices are lost now.
    await a.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen session_ended%'");
    await a.core.sessions.end({ userId: u.userId }, 'revoked', new Date());
    const ms = await within(async () => !(await validOnB(u.token)), 8000);
    t.ok(ms !== null, `refused after the reconnect (${ms} ms), well within the 30 s cache`);
    t.match(await socket.waitClosed(8000), { code: 4001 });
  });
});
