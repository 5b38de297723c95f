// The conservation check, from the raw event log only: no read model, no aggregate state.
// A pure fold over StoredEvents (any async iterable in position order), so a unit test can feed
// hand-made sequences and the CLI can feed EventStore.readAll.
//
// What it proves, per asset (cash, coins, income, and every other asset the log names):
//   Σ user wallets + Σ platform wallets + open red packets + pending transfers
//     + pending withdrawals (amount and fee) + in flight
//     = recharged − withdrawn + exchanged in − exchanged out − gift coins + gift income
// where wallets are recomputed from the deltas (never from balanceAfter), and every wallet
// event's balanceAfter chain is checked link by link. Fees and sales move money from users to the
// platform's wallets (`platform:fees`, `platform:sales`) and AA payments from payers to payees:
// neither changes the right side, so a cent lost to a fee or an AA shows as a difference. All sums
// are bigints (exact past 2^53).
//
// A flow still waiting for its consequence is in flight while young and a stale_flow finding once
// it has waited longer than staleAfterMs: measured from the waiting event's time (metadata.at) to
// `now`, the audit's clock (the CLI passes the time it started; without one, the newest event's
// time, so the fold stays pure and a replayed old log judges itself as of its own end).
import { checkedEvent } from './log.js';
import { ASSET_ID, coreAssets, type Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { aaFlows } from './aaFlows.js';
import { groupFeeFlows } from './groupFeeFlows.js';
import { amountIn, emptyTotals, exact, zero, type Amounts, type Finding, type FlowFollower, type HeldIn, type InFlight, type Sink, type Totals } from './flows.js';
import { moneyFlows } from './moneyFlows.js';
import { withdrawalFlows } from './withdrawalFlows.js';

export type { Finding, InFlight } from './flows.js';

/** How long a flow may wait for its consequence before it is a finding, by default: 5 minutes. */
export const DEFAULT_STALE_AFTER_MS = 300_000;

export interface WalletState {
  /** The owner: a user id, or `platform:<account>` for a platform account. */
  userId: string;
  cash: bigint;
  coins: bigint;
  income: bigint;
  /** Every other asset the wallet moved (absent when none). */
  assets?: Record<Asset, bigint>;
  /** Events in the wallet stream (what the read model calls version). */
  version: number;
  /** Position of the wallet's last event. */
  lastPosition: number;
}

export interface ConservationLine {
  asset: Asset;
  /** Users' wallets. */
  wallets: bigint;
  /** The platform's revenue accounts (fees, sales). */
  platform: bigint;
  redPackets: bigint;
  transfers: bigint;
  withdrawals: bigint;
  inFlight: bigint;
  /** Left side: everything that holds money. */
  held: bigint;
  recharged: bigint;
  withdrawn: bigint;
  exchangedIn: bigint;
  exchangedOut: bigint;
  giftsOut: bigint;
  giftsIncome: bigint;
  /** Right side: what came in minus what went out, with conversions. */
  expected: bigint;
  /** held − expected: > 0 money was created, < 0 money was lost. */
  difference: bigint;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  lastPosition: number;
  /** The bound and the clock the in-flight flows were judged by. */
  stale: { afterSeconds: number; now: string | null };
  conservation: ConservationLine[];
  findings: Finding[];
  inFlight: InFlight[];
  wallets: WalletState[];
}

const WALLET_PREFIX = 'wallet-';
const PLATFORM_PREFIX = 'platform:';

/** A wallet's balance of an asset, and a change to it. */
export const balanceIn = (w: WalletState, asset: Asset): bigint =>
  asset === 'cash' || asset === 'coins' || asset === 'income' ? w[asset] : (w.assets && Object.hasOwn(w.assets, asset) ? (w.assets[asset] ?? 0n) : 0n);
const addTo = (w: WalletState, asset: Asset, delta: bigint): void => {
  if (asset === 'cash' || asset === 'coins' || asset === 'income') w[asset] += delta;
  else w.assets = { ...w.assets, [asset]: balanceIn(w, asset) + delta };
};

const isChange = (c: unknown): c is BalanceChange => {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return typeof o.asset === 'string' && ASSET_ID.test(o.asset) && typeof o.delta === 'number' && typeof o.balanceAfter === 'number';
};

/** The balance changes a wallet event states; malformed ones are a finding, not a crash. */
const changesOf = (e: StoredEvent, findings: Finding[]): BalanceChange[] => {
  const raw = e.data.changes;
  const list = Array.isArray(raw) ? raw : [];
  const ok = list.filter(isChange);
  if (!Array.isArray(raw) || ok.length !== list.length) {
    findings.push({ kind: 'balance_chain', message: `${e.type} has malformed changes`, streamId: e.streamId, position: e.position });
  }
  return ok;
};

interface Chain {
  wallet: WalletState;
  /** Last balanceAfter stated per asset: each link is checked against it. */
  stated: Amounts;
}

const checkLink = (chain: Chain, c: BalanceChange, e: StoredEvent, findings: Finding[]) => {
  const at = { streamId: e.streamId, position: e.position };
  const before = amountIn(chain.stated, c.asset);
  const delta = exact(c.delta);
  const after = exact(c.balanceAfter);
  if (delta === undefined || after === undefined || after !== before + delta) {
    findings.push({
      kind: 'balance_chain',
      message: `${e.type} ${c.asset}: ${before} ${c.delta >= 0 ? '+' : '−'} ${Math.abs(c.delta)} stated as ${c.balanceAfter}`,
      ...at,
      details: { asset: c.asset, before, delta: c.delta, balanceAfter: c.balanceAfter, revision: e.revision },
    });
  }
  if (c.balanceAfter < 0 || balanceIn(chain.wallet, c.asset) + (delta ?? 0n) < 0n) {
    findings.push({ kind: 'negative_balance', message: `${e.type} takes ${c.asset} below zero`, ...at, details: { asset: c.asset, balanceAfter: c.balanceAfter } });
  }
  // A malformed link is a finding already; the chain goes on from what can be read of it.
  chain.stated[c.asset] = after ?? before + (delta ?? 0n);
  addTo(chain.wallet, c.asset, delta ?? 0n);
};

const line = (asset: Asset, wallets: bigint, platform: bigint, held: Record<HeldIn, Amounts>, t: Totals): ConservationLine => {
  const l = {
    asset,
    wallets,
    platform,
    redPackets: amountIn(held.red_packets, asset),
    transfers: amountIn(held.transfers, asset),
    withdrawals: amountIn(held.withdrawals, asset),
    inFlight: amountIn(held.in_flight, asset),
    recharged: amountIn(t.recharged, asset),
    withdrawn: amountIn(t.withdrawn, asset),
    exchangedIn: amountIn(t.exchangedIn, asset),
    exchangedOut: amountIn(t.exchangedOut, asset),
    giftsOut: amountIn(t.giftsOut, asset),
    giftsIncome: amountIn(t.giftsIncome, asset),
  };
  const lhs = l.wallets + l.platform + l.redPackets + l.transfers + l.withdrawals + l.inFlight;
  const rhs = l.recharged - l.withdrawn + l.exchangedIn - l.exchangedOut - l.giftsOut + l.giftsIncome;
  return { ...l, held: lhs, expected: rhs, difference: lhs - rhs };
};

export interface VerifyOptions {
  /** Called after each event (progress bars). */
  onEvent?: (e: StoredEvent) => void;
  /** A flow waiting longer than this is a stale_flow finding (default DEFAULT_STALE_AFTER_MS). */
  staleAfterMs?: number;
  /** The audit's clock, epoch ms (default: the newest event's time). */
  now?: number;
}

/**
 * The event types a flow can wait on (the `since` of an in-flight flow): their times are kept so
 * the age of a waiting flow can be told without holding every event's time.
 */
const awaited: ReadonlySet<string> = new Set([
  'RechargeOrderPaid',
  'TransferSent',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'RedPacketFunded',
  'RedPacketGrabbed',
  'RedPacketExpired',
  'RedPacketGuestClaimed',
  'GiftSent',
  'WithdrawalRequested',
  'WithdrawalApproved',
  'WithdrawalRejected',
  'AaSharePaid',
  'AaPaymentRecorded',
  'AaPaymentRefused',
  'PurchasePaid',
  'GroupFeePaid',
  'GroupFeeReceived',
]);

/** Splits in-flight flows into young ones (kept) and stale ones (findings); both keep their time. */
const judge = (inFlight: InFlight[], times: ReadonlyMap<number, number>, now: number, staleAfterMs: number, findings: Finding[]): InFlight[] => {
  const young: InFlight[] = [];
  for (const i of inFlight) {
    const t = times.get(i.since);
    const withTime = t === undefined ? i : { ...i, sinceAt: new Date(t).toISOString() };
    const age = t === undefined ? 0 : now - t;
    if (age <= staleAfterMs) {
      young.push(withTime);
      continue;
    }
    findings.push({
      kind: 'stale_flow',
      message: `${i.flow} ${i.id}: waiting ${Math.round(age / 1000)} s for ${i.waitingFor} (${i.amount} ${i.asset}, counted in ${i.heldIn})`,
      position: i.since,
      details: { ...withTime, ageSeconds: Math.round(age / 1000) },
    });
  }
  return young;
};

/** Code-unit order of user ids (stable across locales). */
const byUserId = (a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

const conservationFinding = (l: ReturnType<typeof line>): Finding => ({
  kind: 'conservation',
  message: `${l.asset}: holdings ${l.held} ≠ ${l.expected} (${l.difference > 0n ? `${l.difference} created` : `${-l.difference} lost`})`,
  details: { ...l },
});

/** A wallet event: its place in the wallet's balanceAfter chain, then its money flow. */
const walletLink = (chains: Map<string, Chain>, e: StoredEvent, findings: Finding[], flows: readonly FlowFollower[]) => {
  const userId = e.streamId.slice(WALLET_PREFIX.length);
  let chain = chains.get(userId);
  if (!chain) {
    chain = { wallet: { userId, cash: 0n, coins: 0n, income: 0n, version: 0, lastPosition: 0 }, stated: zero() };
    chains.set(userId, chain);
  }
  if (e.revision !== chain.wallet.version) {
    findings.push({ kind: 'revision_gap', message: `expected revision ${chain.wallet.version}, found ${e.revision}`, streamId: e.streamId, position: e.position });
  }
  const changes = changesOf(e, findings);
  for (const c of changes) checkLink(chain, c, e, findings);
  chain.wallet.version = e.revision + 1;
  chain.wallet.lastPosition = e.position;
  for (const f of flows) f.wallet(e, userId, changes);
};

/** Every asset the conservation table has a line for: the core three, then any other named, in order. */
const assetsOf = (wallets: readonly WalletState[], t: Totals): Asset[] => {
  const seen = new Set<Asset>(coreAssets);
  for (const w of wallets) for (const a of Object.keys(w.assets ?? {})) seen.add(a);
  for (const sums of [...Object.values(t.held), t.recharged, t.withdrawn, t.exchangedIn, t.exchangedOut, t.giftsOut, t.giftsIncome]) for (const a of Object.keys(sums)) seen.add(a);
  const others = [...seen].filter((a) => !(coreAssets as readonly string[]).includes(a)).sort();
  return [...coreAssets, ...others];
};

const conservationOf = (wallets: readonly WalletState[], totals: Totals): ConservationLine[] =>
  assetsOf(wallets, totals).map((a) => {
    const sum = (platform: boolean) => wallets.filter((w) => w.userId.startsWith(PLATFORM_PREFIX) === platform).reduce((s, w) => s + balanceIn(w, a), 0n);
    return line(a, sum(false), sum(true), totals.held, totals);
  });

/** A wallet event joins its chain and its flows; any other event only its flows. */
const follow = (chains: Map<string, Chain>, e: StoredEvent, findings: Finding[], flows: readonly FlowFollower[]) => {
  if (e.streamId.startsWith(WALLET_PREFIX)) walletLink(chains, e, findings, flows);
  else for (const f of flows) f.other(e);
};

export const verifyLog = async (events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>, opts: VerifyOptions = {}): Promise<VerifyReport> => {
  const findings: Finding[] = [];
  const inFlight: InFlight[] = [];
  const totals = emptyTotals();
  const sink: Sink = { finding: (f) => findings.push(f), inFlight: (i) => inFlight.push(i), totals };
  const flows = [moneyFlows(sink), withdrawalFlows(sink), aaFlows(sink), groupFeeFlows(sink)];
  const chains = new Map<string, Chain>();
  const times = new Map<number, number>();
  let count = 0;
  let lastPosition = 0;
  let newest = Number.NEGATIVE_INFINITY;
  for await (const stored of events) {
    count++;
    lastPosition = stored.position;
    // Read as the current schema has it (upcast, checked). A payload that does not match is a
    // finding, and is still followed as stored, so what it did to money is checked too.
    const checked = checkedEvent(stored);
    if (!checked.ok) findings.push({ kind: 'malformed_event', message: `${stored.type} does not match its schema: ${checked.error}`, streamId: stored.streamId, position: stored.position });
    const e = checked.ok ? checked.event : stored;
    const at = Date.parse(e.metadata.at);
    if (at > newest) newest = at;
    if (awaited.has(e.type) && Number.isFinite(at)) times.set(e.position, at);
    follow(chains, e, findings, flows);
    opts.onEvent?.(e);
  }
  for (const f of flows) f.settle();
  const wallets = [...chains.values()].map((c) => c.wallet).sort(byUserId);
  const conservation = conservationOf(wallets, totals);
  findings.push(...conservation.filter((l) => l.difference !== 0n).map(conservationFinding));
  inFlight.sort((a, b) => a.since - b.since);
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const now = opts.now ?? (Number.isFinite(newest) ? newest : undefined);
  const young = now === undefined ? inFlight : judge(inFlight, times, now, staleAfterMs, findings);
  const stale = { afterSeconds: staleAfterMs / 1000, now: now === undefined ? null : new Date(now).toISOString() };
  return { ok: findings.length === 0, events: count, lastPosition, stale, conservation, findings, inFlight: young, wallets };
};

/** One read-model row of wallet_balances (balances exact: read them as text, then BigInt). */
export interface WalletBalanceRow {
  userId: string;
  cash: bigint | number;
  coins: bigint | number;
  income: bigint | number;
  /** Every other asset's balance (the `assets` column). */
  assets?: Record<Asset, bigint | number>;
  version: number;
}

const rowBalance = (row: WalletBalanceRow, asset: Asset): bigint =>
  BigInt(asset === 'cash' || asset === 'coins' || asset === 'income' ? row[asset] : row.assets && Object.hasOwn(row.assets, asset) ? (row.assets[asset] ?? 0) : 0);

/** The assets a wallet or its row name: every one must agree. */
const namedAssets = (w: WalletState | null, row: WalletBalanceRow): Asset[] => [...new Set<Asset>([...coreAssets, ...Object.keys(w?.assets ?? {}), ...Object.keys(row.assets ?? {})])];

export interface ReadModelComparison {
  findings: Finding[];
  /** Wallets whose last event is past the projection's checkpoint: lag, not an error. */
  behind: string[];
  /** Rows newer than the log that was read (written after the read): not compared. */
  newer: string[];
}

/**
 * Compares recomputed wallets with the wallet_balances read model at its checkpoint. A wallet
 * whose last event is at or below the checkpoint must match exactly; one above it is lag.
 */
export const compareWallets = (wallets: readonly WalletState[], rows: readonly WalletBalanceRow[], checkpoint: number, readUpTo: number): ReadModelComparison => {
  const out: ReadModelComparison = { findings: [], behind: [], newer: [] };
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  for (const w of wallets) {
    const row = byUser.get(w.userId) ?? { userId: w.userId, cash: 0n, coins: 0n, income: 0n, version: 0 };
    byUser.delete(w.userId);
    if (row.version > w.version) out.newer.push(w.userId);
    else if (w.lastPosition > checkpoint) out.behind.push(w.userId);
    else if (row.version !== w.version || namedAssets(w, row).some((a) => rowBalance(row, a) !== balanceIn(w, a))) {
      out.findings.push({
        kind: 'read_model',
        message: `wallet_balances for ${w.userId} says ${row.cash}/${row.coins}/${row.income} v${row.version}, the log says ${w.cash}/${w.coins}/${w.income} v${w.version}`,
        streamId: `${WALLET_PREFIX}${w.userId}`,
        details: { readModel: row, log: w },
      });
    }
  }
  for (const row of byUser.values()) {
    // A row for a wallet with no events at all cannot come from the log, unless the read model
    // already holds events appended after the log was read.
    if (checkpoint > readUpTo) out.newer.push(row.userId);
    else if (row.version > 0 || namedAssets(null, row).some((a) => rowBalance(row, a) !== 0n)) {
      out.findings.push({ kind: 'read_model', message: `wallet_balances has ${row.userId} but the log has no such wallet`, details: { readModel: row } });
    }
  }
  return out;
};
