// The gateway's small parts for #21, without sockets: the presence table (first and last socket
// of a user), the throttled online-count notices, the ordered runner that lets a message wait for
// its sender's card without overtaking or being overtaken, and the sender cards' prefetch.
import t from 'tap';
import { onlineNotices } from '../../services/push/onlineNotices.js';
import { orderedRunner } from '../../services/push/ordered.js';
import { presenceTable } from '../../services/push/presence.js';
import { senderCards } from '../../services/push/senderCards.js';

const quiet = { warn: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('given a user with two sockets, when they close one by one, then only the first open and the last close change presence', async (t) => {
  const p = presenceTable();
  t.equal(p.connected('u1'), true, 'first socket: came online');
  t.equal(p.connected('u1'), false, 'second socket: no change');
  t.same([...p.onlineAmong(['u1', 'u2'])], ['u1']);
  t.equal(p.disconnected('u1'), false, 'one socket left');
  t.equal(p.disconnected('u1'), true, 'last socket: went offline');
  t.equal(p.size(), 0);
});

t.test('given a burst of presence changes in one group, when the tick passes, then one notice with the latest count is sent, and none when it did not change', async (t) => {
  const sent: [string, number][] = [];
  let online = 0;
  const n = onlineNotices({ groupsOf: async () => ['g1'], count: async () => online, send: (g, c) => sent.push([g, c]), throttleMs: 50, log: quiet });
  t.teardown(() => n.close());
  for (let i = 0; i < 20; i++) {
    online++;
    n.changed(`u${i}`);
  }
  await sleep(150);
  t.same(sent, [['g1', 20]], 'one frame for twenty connects');
  n.changed('u0');
  await sleep(150);
  t.same(sent.length, 1, 'the same count again is not sent');
  online = 19;
  n.changed('u0');
  await sleep(150);
  t.same(sent.at(-1), ['g1', 19]);
});

t.test('given announcements where one waits for a lookup, when they run, then they keep their order; nothing waits when nothing is missing', async (t) => {
  const ran: string[] = [];
  const r = orderedRunner(1000, () => undefined);
  r.push(null, () => ran.push('a'));
  t.same(ran, ['a'], 'nothing to wait for: at once');
  let release = () => undefined as void;
  r.push(new Promise<void>((res) => (release = res)), () => ran.push('b'));
  r.push(null, () => ran.push('c'));
  t.same(ran, ['a'], 'c waits behind b');
  release();
  await sleep(10);
  t.same(ran, ['a', 'b', 'c']);
  const slow = orderedRunner(30, () => undefined);
  slow.push(new Promise<void>(() => undefined), () => ran.push('d'));
  await sleep(80);
  t.same(ran.at(-1), 'd', 'a lookup that never ends holds push back only maxWaitMs');
});

t.test('given sender cards, when a card is missing, then prefetch fetches it once and after that answers null', async (t) => {
  let asked = 0;
  const cards = senderCards(async (ids) => {
    asked++;
    return new Map(ids.filter((id) => id !== 'ghost').map((id) => [id, { nickname: `n-${id}`, avatar: '' }]));
  });
  t.same(cards.of('5'), { nickname: '', avatar: '' }, 'unknown before');
  const p = cards.prefetch(['5', '5', '6']);
  t.ok(p !== null);
  t.ok(cards.prefetch(['5']) !== null, 'a second ask while the first is in flight waits for it');
  await p;
  t.equal(asked, 1, 'asked once');
  t.same(cards.of('5'), { nickname: 'n-5', avatar: '' });
  t.equal(cards.prefetch(['5', '6']), null, 'known: no wait');
  await cards.prefetch(['ghost']);
  t.ok(cards.prefetch(['ghost']) !== null, 'a user the read model does not show yet is asked again');
});
