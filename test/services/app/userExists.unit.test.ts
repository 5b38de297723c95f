// Existence checks answer from the cache at any age once an account is registered (registration is
// never undone), and read the stream again only while the cached account is absent: another
// process may have registered it since.
import t from 'tap';
import { accountStream } from '../../../domain/account.js';
import { userExists } from '../../../services/app/access.js';
import type { Core } from '../../../services/app/core.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import type { EventStore } from '../../../services/shared/event-store/port.js';
import { newEvent } from '../../contracts/event-store.contract.js';

/** A store that counts stream reads, and a core with nothing but a bus over it. */
const setup = () => {
  const inner = createMemoryEventStore();
  const reads: string[] = [];
  const store: EventStore = { ...inner, readStream: (id, o) => (reads.push(id), inner.readStream(id, o)) };
  const core = { bus: createCommandBus({ store }) } as unknown as Core;
  /** Another process registers the user: straight into the store, unseen by this bus. */
  const registerElsewhere = (userId: string) => inner.append(accountStream(userId), [newEvent('UserRegistered', { userId, nickname: 'n' })], { expectedRevision: 'no_stream' });
  return { core, reads, registerElsewhere, close: () => inner.close() };
};

t.test('given a registered account this process has read once, when its existence is asked again, then no stream is read', async (t) => {
  const s = setup();
  t.teardown(s.close);
  await s.registerElsewhere('u1');
  t.equal(await userExists(s.core, 'u1'), true, 'the first answer reads the stream');
  const before = s.reads.length;
  t.equal(await userExists(s.core, 'u1'), true);
  t.equal(await userExists(s.core, 'u1', { maxStalenessMs: 0 }), true);
  t.equal(s.reads.length, before, 'later answers come from the cache, whatever staleness is asked');
});

t.test('given an account this process cached as absent, when another process registers it, then the next check reads again and finds it', async (t) => {
  const s = setup();
  t.teardown(s.close);
  t.equal(await userExists(s.core, 'u2'), false, 'nobody yet');
  await s.registerElsewhere('u2');
  t.equal(await userExists(s.core, 'u2'), true, 'an absent answer is never taken from the cache');
});
