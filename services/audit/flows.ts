// The money flows an auditor follows across streams: recharge orders, transfers (instant
// payments too), red packets, gifts, exchanges (moneyFlows.ts), withdrawals and their fees
// (withdrawalFlows.ts), AA payments and platform sales (aaFlows.ts). Each flow has an intent (the aggregate events) and wallet
// legs (the wallet events' deltas); they are kept apart so a wallet leg that moves a different
// amount than the intent shows up as a finding and as a difference in the conservation sum.
//
// Money still "on its way" (a grab whose share is not credited yet) is in flight, not lost:
// the process manager finishes it with an id derived from the event. It is counted where it
// is held, and a wallet leg that exists but disagrees is never counted as in flight. One left
// unfinished past a bound (verify's staleAfterMs) is a stale_flow finding instead.
//
// Every amount is a bigint: each event's amount fits a double exactly (a safe integer), but the
// sums over a whole log (every wallet, every recharge) need not, and an audit that rounds cannot
// prove a cent. Amounts that are not safe integers in an event are findings, counted as 0.
import type { Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import type { StoredEvent } from '../shared/event-store/port.js';

/** Sums per asset; an asset not named yet is 0 (`amountIn`), and `add` names it. */
export type Amounts = Record<Asset, bigint>;
export const zero = (): Amounts => ({ cash: 0n, coins: 0n, income: 0n });
export const amountIn = (a: Amounts, asset: Asset): bigint => (Object.hasOwn(a, asset) ? (a[asset] ?? 0n) : 0n);
export const add = (a: Amounts, asset: Asset, v: bigint): void => {
  a[asset] = amountIn(a, asset) + v;
};

/** An amount as stored in an event, exactly; undefined when it is not a safe integer. */
export const exact = (v: unknown): bigint | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined);

export interface Finding {
  kind:
    | 'balance_chain'
    | 'negative_balance'
    | 'revision_gap'
    | 'flow_mismatch'
    | 'red_packet_overdrawn'
    | 'conservation'
    | 'read_model'
    /** A flow unfinished for longer than the bound (verify's staleAfterMs; the CLI's --stale-after). */
    | 'stale_flow'
    /** An event a consumer parked and nobody resolved yet (the CLI adds these; verify reads only the log). */
    | 'parked'
    /** A stored payload that does not match its event's schema (after upcasting). */
    | 'malformed_event';
  message: string;
  streamId?: string;
  position?: number;
  details?: Record<string, unknown>;
}

/** Where an in-flight amount is counted in the conservation sum. */
export type HeldIn = 'in_flight' | 'red_packets' | 'transfers' | 'withdrawals';

export interface InFlight {
  flow: string;
  id: string;
  waitingFor: string;
  asset: Asset;
  amount: bigint;
  heldIn: HeldIn;
  /** Position of the event still waiting for its consequence. */
  since: number;
  /** That event's time (metadata.at), set by verify. */
  sinceAt?: string;
}

/** One wallet leg: the delta the wallet actually booked for a flow. */
export interface Leg {
  delta: bigint;
  position: number;
  userId: string;
}

export interface Totals {
  /** Money held by flows, per asset: open red packets, pending transfers and withdrawals, in flight. */
  held: Record<HeldIn, Amounts>;
  recharged: Amounts;
  withdrawn: Amounts;
  /** Coins created by exchange, and what was exchanged away. */
  exchangedIn: Amounts;
  exchangedOut: Amounts;
  /** Coins destroyed by gifts, and the income they created. */
  giftsOut: Amounts;
  giftsIncome: Amounts;
}

export const emptyTotals = (): Totals => ({
  held: { in_flight: zero(), red_packets: zero(), transfers: zero(), withdrawals: zero() },
  recharged: zero(),
  withdrawn: zero(),
  exchangedIn: zero(),
  exchangedOut: zero(),
  giftsOut: zero(),
  giftsIncome: zero(),
});

export interface Sink {
  finding(f: Finding): void;
  inFlight(i: InFlight): void;
  totals: Totals;
}

const sum = (legs: readonly Leg[]) => legs.reduce((s, l) => s + l.delta, 0n);

/**
 * A consequence that must credit `owed` exactly once: none yet is in flight, one leg of the
 * right amount is settled, anything else is a finding (and not counted as in flight).
 */
export const expectCredit = (sink: Sink, what: Omit<InFlight, 'amount' | 'heldIn'> & { owed: bigint; legs: readonly Leg[]; streamId?: string }): void => {
  const { owed, legs, streamId, ...rest } = what;
  if (legs.length === 0) {
    if (owed > 0n) {
      sink.inFlight({ ...rest, amount: owed, heldIn: 'in_flight' });
      add(sink.totals.held.in_flight, rest.asset, owed);
    }
    return;
  }
  if (legs.length > 1 || sum(legs) !== owed) {
    sink.finding({
      kind: 'flow_mismatch',
      message: `${rest.flow} ${rest.id}: ${rest.waitingFor} credited ${legs.map((l) => l.delta).join(' + ')}, owed ${owed}`,
      ...(streamId !== undefined ? { streamId } : {}),
      position: legs[legs.length - 1]?.position ?? rest.since,
      details: { owed, credited: legs.map((l) => ({ delta: l.delta, position: l.position, userId: l.userId })) },
    });
  }
};

/** A wallet leg with no intent behind it: money from nowhere, or taken for nothing. */
export const orphan = (sink: Sink, flow: string, id: string, legs: readonly Leg[], missing: string): void => {
  if (legs.length === 0) return;
  sink.finding({
    kind: 'flow_mismatch',
    message: `${flow} ${id}: wallet moved ${sum(legs)} without ${missing}`,
    position: legs[0]?.position ?? 0,
    details: { legs: legs.map((l) => ({ delta: l.delta, position: l.position, userId: l.userId })) },
  });
};

/** The debit that funds an intent must take exactly the intent's amount. */
export const expectDebit = (sink: Sink, flow: string, id: string, amount: bigint, debit: Leg): void => {
  if (debit.delta !== -amount) {
    sink.finding({
      kind: 'flow_mismatch',
      message: `${flow} ${id}: wallet debited ${-debit.delta}, the intent says ${amount}`,
      position: debit.position,
      details: { amount, delta: debit.delta, userId: debit.userId },
    });
  }
};

export const twice = (sink: Sink, flow: string, id: string, what: string, position: number): void =>
  sink.finding({ kind: 'flow_mismatch', message: `${flow} ${id}: ${what} recorded twice`, position });

/** What follows one family of flows: wallet legs and other streams' events as they come, then the verdict. */
export interface FlowFollower {
  wallet(e: StoredEvent, userId: string, changes: readonly BalanceChange[]): void;
  other(e: StoredEvent): void;
  settle(): void;
}

// A delta that is not a safe integer is a balance_chain finding already (verify.ts): 0 here.
export const legOf = (e: StoredEvent, userId: string, changes: readonly BalanceChange[], asset: Asset): Leg => ({
  delta: changes.filter((c) => c.asset === asset).reduce((s, c) => s + (exact(c.delta) ?? 0n), 0n),
  position: e.position,
  userId,
});

/** A map that makes its entries on first use. */
export const table = <T>(make: () => T) => {
  const m = new Map<string, T>();
  return { all: m, get: (id: string) => m.get(id) ?? m.set(id, make()).get(id) ?? make() };
};

/** An event's amount, exactly; one that is not a safe integer is a finding and counts as 0. */
export const amountOf =
  (sink: Sink) =>
  (e: StoredEvent, field: string, v: unknown): bigint => {
    const x = exact(v);
    if (x !== undefined) return x;
    sink.finding({ kind: 'flow_mismatch', message: `${e.type} has a malformed ${field} (${String(v)})`, streamId: e.streamId, position: e.position });
    return 0n;
  };
