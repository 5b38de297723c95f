// The 004 socket's small parts for #21, without sockets: sender cards that follow renames (held,
// being looked up, or not held yet while the read model lags), and the notices that show room
// times and the reader's staff titles.
import t from 'tap';
import type { PushMessage } from '../../projections/push/store.js';
import { encodeNotice } from '../../services/push/chatPlatformNotices.js';
import { senderCards, type Card } from '../../services/push/senderCards.js';

const old: Card = { nickname: 'Ann', avatar: 'https://img.example/a.png' };
/** A people read model that has not seen any rename yet. */
const lagging = (asked: string[][]) => async (ids: string[]) => {
  asked.push(ids);
  return new Map(ids.map((id) => [id, old]));
};

t.test('given a held card, when its user renames, then the card shows the new name at once and keeps the rest', async (t) => {
  const asked: string[][] = [];
  const cards = senderCards(lagging(asked));
  await cards.prefetch(['ann']);
  cards.update('ann', { nickname: 'Ann II' });
  t.same(cards.of('ann'), { nickname: 'Ann II', avatar: old.avatar });
  t.equal(cards.prefetch(['ann']), null, 'still held: nothing to look up');
  t.same(asked, [['ann']], 'asked once');
});

t.test('given a card not held, when its user renames before or while it is looked up from a lagging read model, then the change is laid over what the lookup finds', async (t) => {
  const before = senderCards(lagging([]));
  before.update('ann', { avatar: 'https://img.example/b.png' });
  t.same(before.of('ann'), { nickname: '', avatar: '' }, 'not held: empty until looked up');
  await before.prefetch(['ann']);
  t.same(before.of('ann'), { nickname: 'Ann', avatar: 'https://img.example/b.png' }, 'the change wins over the stale read');

  const during = senderCards(lagging([]));
  const lookup = during.prefetch(['ann']);
  during.update('ann', { nickname: 'Ann III' });
  await lookup;
  t.same(during.of('ann'), { nickname: 'Ann III', avatar: old.avatar }, 'a change that came while the lookup was out wins too');
  during.update('ann', { avatar: 'https://img.example/c.png' });
  t.same(during.of('ann'), { nickname: 'Ann III', avatar: 'https://img.example/c.png' });
});

const msg = (m: Omit<PushMessage, 'seq' | 'at'> & { at?: string }): PushMessage => ({ seq: 1, at: '2025-01-03T00:00:00.000Z', ...m }) as PushMessage;

t.test('given a reopened chatroom, when encoded, then eventType 7 has its createTime and closeTime, or 0 when its older events lack them', async (t) => {
  const nameOf = () => ({ nickname: '', avatar: '' });
  const data = { roomId: 'r1', by: 'op', title: 'Lobby', createdAt: '2025-01-01T00:00:00.000Z', closedAt: '2025-01-02T00:00:00.000Z' };
  t.match(encodeNotice(msg({ channel: 'room:r1', type: 'room.reopened', data }), nameOf), [
    { eventType: 7, groupId: 'r1', groupName: 'Lobby', createTime: Date.parse(data.createdAt), closeTime: Date.parse(data.closedAt), openTime: Date.parse('2025-01-03T00:00:00.000Z'), status: 0 },
  ]);
  t.match(encodeNotice(msg({ channel: 'room:r1', type: 'room.reopened', data: { roomId: 'r1', by: 'op', title: 'Lobby' } }), nameOf), [{ eventType: 7, createTime: 0, closeTime: 0 }]);
});

t.test('given a friend request, when encoded with the titles its reader may see, then each card carries its own, and "" where there is none', async (t) => {
  const titles = new Map([['ann', 'Engineer']]);
  const nameOf = (id: string) => ({ nickname: id.toUpperCase(), avatar: '', position: titles.get(id) ?? '' });
  const [f] = encodeNotice(msg({ channel: 'user:bob', type: 'friend.request', data: { requesterId: 'ann', targetId: 'bob', status: 'pending' } }), nameOf);
  t.match(f, { eventType: 31, senderInfo: { id: 'ann', name: 'ANN', position: 'Engineer' }, receiveInfo: { id: 'bob', position: '' } });
  const [plain] = encodeNotice(msg({ channel: 'user:bob', type: 'friend.request', data: { requesterId: 'ann', targetId: 'bob', status: 'pending' } }), () => ({ nickname: '', avatar: '' }));
  t.match(plain, { senderInfo: { position: '' } }, 'no titles known: ""');
});
