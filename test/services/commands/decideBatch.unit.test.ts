// Properties of the pure batch decision the command bus is built on.
import fc from 'fast-check';
import t from 'tap';
import type { Command, Decider, DomainEvent } from '../../../domain/aggregate.js';
import type { StoredEvent } from '../../../domain/events.js';
import { fail } from '../../../domain/errors.js';
import { decideBatch, type Outcome } from '../../../services/shared/commands/decideBatch.js';

type S = { n: number };
const counter: Decider<S, Command, DomainEvent> = {
  initialState: () => ({ n: 0 }),
  evolve: (s, e) => ({ n: s.n + Number(e.data.by) }),
  decide: (c, s) => {
    const by = Number(c.data.by);
    if (s.n + by < 0) fail('INSUFFICIENT_FUNDS', 'not enough');
    return by === 0 ? [] : [{ type: 'Changed', data: { by } }];
  },
};
const command = (id: string, by: number): Command => ({ type: 'Change', data: { by }, metadata: { commandId: id, at: '2026-01-01T00:00:00.000Z' } });
const eventId = (cid: string, i: number) => `${cid}/${i}`;
const storedOf = (cid: string): StoredEvent[] => [{ id: eventId(cid, 0), type: 'Changed', data: { by: 1 }, metadata: { commandId: cid, at: '' }, streamId: 's', revision: 0, position: 1 }];

const arbCommands = fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), by: fc.integer({ min: -3, max: 3 }) }), { maxLength: 30 });
const decide = (cmds: { id: string; by: number }[], opts: { start?: number; knownIds?: string[]; complete?: boolean } = {}) =>
  decideBatch({
    decider: counter,
    state: { n: opts.start ?? 0 },
    commands: cmds.map((c) => command(c.id, c.by)),
    known: (cid) => (opts.knownIds?.includes(cid) ? storedOf(cid) : undefined),
    complete: opts.complete ?? true,
    eventId,
  });
const eventsOf = (outcomes: Outcome[], newEvents: { id: string }[], i: number): string[] => {
  const o = outcomes[i];
  if (o?.kind === 'new') return newEvents.slice(o.from, o.from + o.count).map((e) => e.id);
  if (o?.kind === 'replay') return o.events.map((e) => e.id);
  if (o?.kind === 'twin') return eventsOf(outcomes, newEvents, o.of);
  return [];
};

t.test('twins in a batch resolve to one set of events, decided once', async () => {
  fc.assert(
    fc.property(arbCommands, fc.integer({ min: 0, max: 10 }), (cmds, start) => {
      const d = decide(cmds, { start });
      const ids = d.newEvents.map((e) => e.id);
      if (new Set(ids).size !== ids.length) return false; // an event id decided twice
      return cmds.every((c, i) => {
        const first = cmds.findIndex((x) => x.id === c.id);
        return JSON.stringify(eventsOf(d.outcomes, d.newEvents, i)) === JSON.stringify(eventsOf(d.outcomes, d.newEvents, first));
      });
    }),
  );
});

t.test('a refusal fails only its own command: the rest decide as if it were not there', async () => {
  fc.assert(
    fc.property(arbCommands, fc.integer({ min: 0, max: 10 }), (raw, start) => {
      const cmds = raw.map((c, i) => ({ ...c, id: `${c.id}${i}` })); // no twins here
      const d = decide(cmds, { start });
      const refused = new Set(cmds.filter((_, i) => d.outcomes[i]?.kind === 'error').map((c) => c.id));
      const without = decide(cmds.filter((c) => !refused.has(c.id)), { start });
      return JSON.stringify(without.newEvents) === JSON.stringify(d.newEvents) && without.state.n === d.state.n && d.state.n >= 0;
    }),
  );
});

t.test('a known command replays its first events and decides nothing', async () => {
  fc.assert(
    fc.property(arbCommands, fc.subarray(['a', 'b', 'c', 'd', 'e', 'f']), (cmds, knownIds) => {
      const d = decide(cmds, { start: 5, knownIds });
      return cmds.every((c, i) => {
        if (!knownIds.includes(c.id)) return true;
        const o = d.outcomes[i];
        return o?.kind === 'replay' && o.events[0]?.id === eventId(c.id, 0) && !d.newEvents.some((e) => e.metadata.commandId === c.id);
      });
    }),
  );
});

t.test('with an incomplete memory, refusals and empty decisions are unsure, never final', async () => {
  fc.assert(
    fc.property(arbCommands, (cmds) => {
      const d = decide(cmds, { complete: false });
      return d.outcomes.every((o) => o.kind !== 'error') && cmds.every((c, i) => d.outcomes[i]?.kind !== 'new' || c.by !== 0);
    }),
  );
  const complete = decide([{ id: 'x', by: -1 }, { id: 'y', by: 0 }]);
  t.same(complete.outcomes.map((o) => o.kind), ['error', 'new'], 'with a complete memory they are final');
});
