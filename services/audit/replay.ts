// Replays one stream with its aggregate's own evolve, showing the state after each event.
// The decider is picked by the stream id's prefix (the stream id helpers in domain/).
import { accountDecider } from '../../domain/account.js';
import type { Command, Decider, DomainEvent } from '../../domain/aggregate.js';
import { groupDecider } from '../../domain/group.js';
import { PersistentMap, PersistentSet } from '../../domain/persistent.js';
import { phoneDecider } from '../../domain/phone.js';
import { rechargeOrderDecider } from '../../domain/rechargeOrder.js';
import { redPacketDecider } from '../../domain/redPacket.js';
import { roomDecider } from '../../domain/room.js';
import { transferDecider } from '../../domain/transfer.js';
import { walletDecider } from '../../domain/wallet/index.js';
import { withdrawalDecider } from '../../domain/withdrawal.js';
import type { StoredEvent } from '../shared/event-store/port.js';

/** evolve over plain events: every decider ignores event types it does not know. */
type Evolver = { initialState: () => unknown; evolve: (s: unknown, e: DomainEvent) => unknown };
// The deciders are typed on their own events; replay feeds them what their stream stored.
const loose = <S, C extends Command, E extends DomainEvent>(d: Decider<S, C, E>): Evolver => d as unknown as Evolver;

// Longest prefix first: "red-packet-" must not be mistaken for anything shorter.
const byPrefix: readonly [string, Evolver][] = [
  ['red-packet-', loose(redPacketDecider)],
  ['withdrawal-', loose(withdrawalDecider)],
  ['recharge-', loose(rechargeOrderDecider)],
  ['transfer-', loose(transferDecider)],
  ['wallet-', loose(walletDecider)],
  ['group-', loose(groupDecider)],
  ['phone-', loose(phoneDecider)],
  ['room-', loose(roomDecider)],
  ['user-', loose(accountDecider)],
];

export const deciderFor = (streamId: string): Evolver | null => byPrefix.find(([p]) => streamId.startsWith(p))?.[1] ?? null;

export const streamKinds = byPrefix.map(([p]) => p);

/** Maps and sets (red packet grabs, members) as plain JSON, keys sorted. */
export const plain = (v: unknown): unknown =>
  JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => {
      if (x instanceof Map || x instanceof PersistentMap) return Object.fromEntries([...x.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      if (x instanceof Set || x instanceof PersistentSet) return [...x.values()].sort();
      return x;
    }),
  );

export interface ReplayStep {
  revision: number;
  position: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
  state: unknown;
}

export const replay = (streamId: string, events: readonly StoredEvent[]): ReplayStep[] => {
  const d = deciderFor(streamId);
  if (!d) throw new Error(`no aggregate for stream ${streamId}; known prefixes: ${streamKinds.join(', ')}`);
  let state = d.initialState();
  return events.map((e) => {
    state = d.evolve(state, { type: e.type, data: e.data });
    return { revision: e.revision, position: e.position, type: e.type, at: e.metadata.at, data: e.data, state: plain(state) };
  });
};
