// How this process hears of sessions other processes ended: LISTEN on `session_ended`, whose
// NOTIFY the ending transaction sends (services/app/sessions.ts; one notice per session, its key,
// never its token). A notice drops the cached lookup and closes the session's push sockets here.
//
// A lost connection may have lost notices: when it is back, the whole token cache is dropped (the
// next request of every token reads the table) and `resync` runs (the push sockets' sessions are
// checked again). Until then, cached lookups still expire after SESSION_CACHE_SECONDS.
import type { Logger } from 'pino';
import type pg from 'pg';
import { SESSION_ENDED_CHANNEL, type Sessions } from '../app/sessions.js';
import { createClient } from '../shared/postgres/pool.js';

export interface SessionEvents {
  close(): Promise<void>;
}

export const listenForEndedSessions = (url: string, sessions: Sessions, log: Logger, resync: () => void): SessionEvents => {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let everConnected = false;

  const connect = async (): Promise<void> => {
    const c = createClient(url);
    const lost = () => {
      if (client !== c || closed) return;
      client = null;
      log.warn('session notices: LISTEN connection lost; reconnecting');
      schedule(1000);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel === SESSION_ENDED_CHANNEL && n.payload) sessions.endedElsewhere([n.payload]);
    });
    try {
      await c.connect();
      await c.query(`listen ${SESSION_ENDED_CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => {});
      if (!closed) {
        log.warn({ err }, 'session notices: cannot LISTEN; retrying');
        schedule(2000);
      }
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    // Anything ended while we were not listening is unknown: forget every cached lookup.
    if (everConnected) {
      sessions.endedElsewhere(null);
      resync();
    }
    everConnected = true;
  };
  const schedule = (ms: number) => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, ms);
    timer.unref();
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
};
