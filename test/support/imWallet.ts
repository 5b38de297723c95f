// A client of the im-groups-wallet (003) and chat-wallet (002) facades as their apps call them:
// form posts (or GET queries) to /apps/<app><path>, the session token as the `token` parameter.
import { createHash } from 'node:crypto';

export type ImApp = 'im-groups-wallet' | 'chat-wallet';

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface ImReply {
  status: number;
  body: { code: string | number; info?: unknown; data?: unknown } & Record<string, unknown>;
}

export type Send = (path: string, params?: Record<string, string | number>, token?: string, headers?: Record<string, string>) => Promise<ImReply>;

/** Over HTTP to a running server (e2e). */
export const imHttp = (base: string, app: ImApp, method: 'GET' | 'POST' = 'POST'): Send => async (path, params = {}, token, headers = {}) => {
  const form = new URLSearchParams(Object.entries({ ...params, ...(token ? { token } : {}) }).map(([k, v]): [string, string] => [k, String(v)]));
  const url = `${base}/apps/${app}${path}`;
  const r = method === 'GET' ? await fetch(`${url}?${form}`, { headers }) : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form.toString() });
  return { status: r.status, body: JSON.parse(await r.text()) as ImReply['body'] };
};

/** Through fastify's inject (int). */
export const imInject =
  (inject: (o: { method: 'POST'; url: string; headers: Record<string, string>; payload: string }) => Promise<{ status: number; json<T>(): T }>, app: ImApp): Send =>
  async (path, params = {}, token, headers = {}) => {
    const form = new URLSearchParams(Object.entries({ ...params, ...(token ? { token } : {}) }).map(([k, v]): [string, string] => [k, String(v)]));
    const r = await inject({ method: 'POST', url: `/apps/${app}${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form.toString() });
    return { status: r.status, body: r.json<ImReply['body']>() };
  };

export interface ImUser {
  userId: string;
  token: string;
  mobile: string;
  imServerUrl: string;
}

let seq = Math.floor(Math.random() * 1e6);
export const newMobile = () => `139${String(seq++).padStart(8, '0')}`;

/** The seed's sign-up: an SMS code (dev mode echoes it), register with the md5 password, log in. */
export const signUp = async (send: Send, app: ImApp, name: string, mobile = newMobile()): Promise<ImUser> => {
  const phone = app === 'chat-wallet' ? `+86${mobile}` : mobile;
  const sms = await send('/chat/getValidateNum', { mobile: phone });
  const code = app === 'chat-wallet' ? String(sms.body.info) : String((sms.body.data as { info: string }).info);
  const reg = await send('/chat/register', { mobile: phone, pwd: md5('secret-1'), validateNum: code, name });
  if (String(reg.body.code) !== '1') throw new Error(`register: ${JSON.stringify(reg.body)}`);
  const login = await send('/chat/doLogin', app === 'chat-wallet' ? { mobile: phone, pwd: md5('secret-1'), device: 1 } : { mobie: mobile, pwd: md5('secret-1'), device: 1 });
  const d = login.body.data as { token: string; imServerUrl: string; userId: string };
  return { userId: d.userId, token: d.token, mobile: phone, imServerUrl: d.imServerUrl };
};

/** A fresh SMS code for a phone (dev mode echoes it; SMS_RESEND_SECONDS must allow it). */
export const smsCode = async (send: Send, app: ImApp, mobile: string) => {
  const sms = await send('/chat/getValidateNum', { mobile });
  return app === 'chat-wallet' ? String(sms.body.info) : String((sms.body.data as { info: string }).info);
};
