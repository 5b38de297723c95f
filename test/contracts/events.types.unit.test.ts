// Keeps the stored-event schemas and the domain event types equal, both ways: a field added,
// removed, made optional or retyped on one side only fails the type check (npm run typecheck).
// The runtime part parses events the deciders really emit.
import t from 'tap';
import type { z } from 'zod';
import { eventDataSchemas, parseEventData } from '../../contracts/events.js';
import { redPacketDecider } from '../../domain/redPacket.js';
import type { AnyDomainEvent } from '../../domain/index.js';
import { walletDecider } from '../../domain/wallet/index.js';

// The registry's union (domain/index.ts): every aggregate's events, kept complete by the compiler.
type AnyEvent = AnyDomainEvent;

/** Flattens intersections so `A & B` and `{...A, ...B}` compare equal. */
type Flat<T> = T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(ok: T): T => ok;

type DomainData = { [E in AnyEvent as E['type']]: Flat<E['data']> };
type SchemaData = { [K in keyof typeof eventDataSchemas]: Flat<z.infer<(typeof eventDataSchemas)[K]>> };

// Same event types on both sides, and the same payload for each.
assertType<Equal<keyof DomainData, keyof SchemaData>>(true);
type PerEvent = { [K in keyof DomainData]: Equal<DomainData[K], K extends keyof SchemaData ? SchemaData[K] : never> };
type Mismatched = { [K in keyof PerEvent]: PerEvent[K] extends true ? never : K }[keyof PerEvent];
// On a mismatch the compiler names the event: "'ok' is not assignable to type 'GiftSent'".
export const noMismatch: [Mismatched] extends [never] ? 'ok' : Mismatched = 'ok';

const at = '2025-01-01T00:00:00.000Z';
const meta = { commandId: 'c1', at, userId: 'ann' };

t.test('events the deciders emit parse with their schemas', async (t) => {
  const funded = walletDecider.decide(
    {
      type: 'FundRedPacket',
      data: { redPacketId: 'rp1', senderId: 'ann', kind: 'lucky', total: 3, count: 2, shares: [1, 2], target: { type: 'group', id: 'g1' }, expiresAt: at },
      metadata: meta,
    },
    { cash: 10, coins: 0, income: 0 },
  );
  const [fundedEvent] = funded;
  t.ok(fundedEvent);
  if (!fundedEvent || fundedEvent.type !== 'RedPacketFunded') return;
  const created = redPacketDecider.decide({ type: 'CreateRedPacket', data: fundedEvent.data, metadata: meta }, redPacketDecider.initialState());
  const state = created.reduce(redPacketDecider.evolve, redPacketDecider.initialState());
  const grabbed = redPacketDecider.decide({ type: 'GrabRedPacket', data: { redPacketId: 'rp1', userId: 'bob', eligible: true }, metadata: { ...meta, at: '2024-12-31T00:00:00.000Z' } }, state);
  for (const e of [...funded, ...created, ...grabbed]) t.same(parseEventData(e.type, e.data), { ok: true }, e.type);
});

t.test('schemas refuse what the domain never writes', async (t) => {
  t.notOk(eventDataSchemas.RedPacketGrabbed.safeParse({ redPacketId: 'rp1', userId: 'bob', amount: 0, shareIndex: 0, remainingCount: 0, remainingAmount: 0 }).success);
  t.notOk(eventDataSchemas.RechargeCredited.safeParse({ reason: 'gift_in', refId: 'o1', changes: [], orderId: 'o1', asset: 'cash', amount: 1 }).success);
  t.same(parseEventData('NoSuchEvent', {}).ok, false);
});

t.test('given an upcaster for an old payload shape, when old data is read, then it reads as the current shape and validates', async (t) => {
  const { readEventData, upcasters } = await import('../../contracts/events.js');
  // An old ProfileUpdated that called the nickname `name`.
  const old = { userId: 'u1', name: 'ann' };
  t.notOk(readEventData('ProfileUpdated', { ...old, nickname: 7 }).ok, 'a wrong type is refused');
  upcasters.ProfileUpdated = (d) => {
    const { name, ...rest } = d as { name?: string };
    return name === undefined ? rest : { ...rest, nickname: name };
  };
  t.teardown(() => {
    delete upcasters.ProfileUpdated;
  });
  t.same(readEventData('ProfileUpdated', old), { ok: true, data: { userId: 'u1', nickname: 'ann' } });
  t.notOk(readEventData('NoSuchEvent', {}).ok, 'an unknown type is refused');
});
