// Money helpers for route-level tests over inject: recharge through the sandbox's signed callback,
// read a wallet, and run `audit verify` in-process once the process manager has caught up.
import type { Test } from 'tap';
import { verifyAudit } from '../../services/app/audit.js';
import { systemCaller } from '../../services/app/caller.js';
import type { TestApp } from './app.js';

export type User = { userId: string; token: string };

export const auth = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });

/** A paid recharge order: the money arrives through the provider's signed notification. */
export const recharge = async (t: Test, app: TestApp, u: User, amount: number, asset = 'cash') => {
  const o = await app.inject({ method: 'POST', url: '/v1/recharge-orders', headers: auth(u), payload: { asset, amount } });
  t.equal(o.status, 201, `order of ${amount} ${asset}`);
  const paid = await app.inject({ method: 'POST', url: `/v1/dev/payments/${o.json<{ orderId: string }>().orderId}/succeed` });
  t.equal(paid.status, 200);
};

export const wallet = async (app: TestApp, u: User) =>
  (await app.inject({ method: 'GET', url: '/v1/wallet', headers: auth(u) })).json<{ cash: number; coins: number; income: number; version: number; assets: Record<string, number> }>();

export const balance = async (app: TestApp, u: User, asset = 'cash') => (await wallet(app, u)).assets[asset] ?? 0;

export interface AuditResult {
  ok: boolean;
  findings: { kind: string; message: string }[];
  inFlight: unknown[];
  conservation: { asset: string; wallets: bigint; platform: bigint; difference: bigint }[];
}

/** `audit verify` once nothing is in flight any more (the process manager finishes what was started). */
export const audit = async (app: TestApp): Promise<AuditResult> => {
  let r: AuditResult | null = null;
  for (let i = 0; i < 50; i++) {
    await app.platform.core.bus.drain();
    r = (await verifyAudit(app.platform.core, systemCaller('cli'), { staleAfterMs: 300_000 })).full as AuditResult;
    if (r.inFlight.length === 0 && r.findings.length === 0) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  if (!r) throw new Error('no audit');
  return r;
};

export const auditClean = async (t: Test, app: TestApp, what: string) => {
  const r = await audit(app);
  t.same(r.findings, [], `audit verify finds nothing ${what}`);
  t.same(r.inFlight, [], 'and nothing is left in flight');
  t.ok(r.conservation.every((l) => l.difference === 0n), 'every asset balances');
  return r;
};
