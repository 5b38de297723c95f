// Replays one stream with its aggregate's own evolve, showing the state after each event.
// The decider is picked by the stream id's prefix (the stream id helpers in domain/).
import type { DomainEvent } from '../../domain/aggregate.js';
import { aggregates } from '../../domain/index.js';
import { PersistentMap, PersistentSet } from '../../domain/persistent.js';
import type { StoredEvent } from '../shared/event-store/port.js';

/** evolve over plain events: every decider ignores event types it does not know. */
type Evolver = { initialState: () => unknown; evolve: (s: unknown, e: DomainEvent) => unknown };
// The deciders are typed on their own events; replay feeds them what their stream stored.
const loose = (d: unknown): Evolver => d as Evolver;

// Every aggregate of the registry by its stream prefix, longest first: "red-packet-" must not be
// mistaken for anything shorter, nor "groupmarks-" for "group-".
const byPrefix: readonly [string, Evolver][] = Object.entries(aggregates)
  .map(([kind, d]): [string, Evolver] => [`${kind}-`, loose(d)])
  .sort(([a], [b]) => b.length - a.length);

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
