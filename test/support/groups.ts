// Group tests over inject: users who sign in, and calls that read as the API reads.
import type { TestApp } from './app.js';

export interface Member {
  userId: string;
  token: string;
}

export interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; details: Record<string, unknown> } };
}

let phones = 0;
const base = 13_500_000_000 + Math.floor(Math.random() * 10_000_000);

/** Signs new users in (first login registers them). */
export const users = async (app: TestApp, n: number): Promise<Member[]> => {
  const out: Member[] = [];
  for (let i = 0; i < n; i++) out.push(await app.signIn(`+86${base + phones++}`));
  return out;
};

/** One /v1 call as `who` (or anonymous), JSON in and out. */
export const api = (app: TestApp) => async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who?: Member | null, payload?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
  const r = await app.inject({
    method,
    url: `/v1${url}`,
    headers: { ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: r.status, body: r.text ? r.json() : {} };
};

/** The error code of a refused call (or 'ok'). */
export const codeOf = (r: Reply): string => r.body.error?.code ?? 'ok';
