// A small HTTP client for tests: speaks the /v1 contract like any outside client.
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  base: string;
  call<T = Record<string, unknown>>(method: string, path: string, opts?: { token?: string; body?: unknown; key?: string; headers?: Record<string, string>; raw?: string }): Promise<Reply<T>>;
}

export const client = (base: string): Client => ({
  base,
  async call(method, path, opts = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.key) headers['idempotency-key'] = opts.key;
    let payload: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    } else if (opts.raw !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: payload });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (NDJSON or empty)
    }
    return { status: r.status, body: body as never, headers: r.headers };
  },
});

let phoneSeq = Math.floor(Math.random() * 1e6);

export interface TestUser {
  userId: string;
  token: string;
  phone: string;
}

/** Logs a new user in through the dev SMS sink (dev mode). */
export const login = async (c: Client, nickname?: string, phone = `+86139${String(phoneSeq++).padStart(8, '0')}`): Promise<TestUser> => {
  const sent = await c.call('POST', '/v1/auth/sms-codes', { body: { phone } });
  if (sent.status !== 202) throw new Error(`sms-codes: ${sent.status} ${JSON.stringify(sent.body)}`);
  const code = await c.call<{ code: string }>('GET', `/v1/dev/sms-codes/${encodeURIComponent(phone)}`);
  const s = await c.call<{ userId: string; token: string }>('POST', '/v1/auth/sessions', { body: { phone, code: code.body.code, ...(nickname ? { nickname } : {}) } });
  if (s.status !== 201) throw new Error(`sessions: ${s.status} ${JSON.stringify(s.body)}`);
  return { userId: s.body.userId, token: s.body.token, phone };
};

/** Recharges through the sandbox provider (dev mode). */
export const recharge = async (c: Client, u: TestUser, amount: number, asset: 'cash' | 'coins' = 'cash') => {
  const o = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: u.token, body: { asset, amount } });
  if (o.status !== 201) throw new Error(`recharge: ${o.status} ${JSON.stringify(o.body)}`);
  const paid = await c.call('POST', `/v1/dev/payments/${o.body.orderId}/succeed`);
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  return o.body.orderId;
};

export const wallet = async (c: Client, u: TestUser) => (await c.call<{ cash: number; coins: number; income: number; version: number }>('GET', '/v1/wallet', { token: u.token })).body;

/** Polls until check passes (for effects that follow asynchronously, like a receiver's credit). */
export const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
};
