// Calls to the chat-platform facade (004) as a signed-in client makes them: POST JSON with its
// FZM headers; `ok` insists on result 0 and answers `data`.
import type { TestApp } from './app.js';

export type SeedUser = { userId: string; token: string };
export const CHAT_PLATFORM = '/apps/chat-platform';

export const chatPlatformCalls = (app: TestApp) => {
  const call = async (u: SeedUser, path: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url: `${CHAT_PLATFORM}${path}`, headers: { 'content-type': 'application/json', 'fzm-auth-token': u.token, 'fzm-device': 'ios' }, payload });
    return r.json<{ result: number; data: Record<string, unknown> }>();
  };
  const ok = async (u: SeedUser, path: string, payload: object) => {
    const r = await call(u, path, payload);
    if (r.result !== 0) throw new Error(`${path}: ${JSON.stringify(r)}`);
    return r.data;
  };
  return { call, ok };
};
