// Content favorites in the inbox: an item saved as sent, bounded, one of the seed's categories,
// the same item never twice, removed by its owner's inbox only.
import t from 'tap';
import { inboxDecider, type ContentFavorite, type InboxCommand, type InboxEvent } from '../../domain/inbox.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const inbox = spec(inboxDecider);
const item: ContentFavorite = { category: 'image', content: 'https://img.example/a.jpg', fromId: '17229', fromName: 'Cathy', fromHeadUrl: 'https://img.example/h.jpg', digest: 'd1' };
const add = (data: Partial<ContentFavorite> & { favoriteId?: string } = {}, by = 'ann'): InboxCommand => ({ type: 'AddContentFavorite', data: { favoriteId: 'f1', ...item, ...data }, metadata: meta(at, by) });
const added: InboxEvent = { type: 'ContentFavoriteAdded', data: { userId: 'ann', favoriteId: 'f1', ...item } };

t.test('given an empty inbox, when an item is saved, then it is kept as sent under its fresh id', async () => {
  inbox.given([]).when(add()).then([added]);
});

t.test('given a saved item, when the same item (digest) is saved again, then it is a conflict', async () => {
  inbox.given([added]).when(add({ favoriteId: 'f2' })).thenThrows('CONFLICT', { reason: 'duplicate' });
  inbox.given([added]).when(add({ favoriteId: 'f1', digest: 'd2' })).thenThrows('CONFLICT');
});

t.test('given a saved item, when it is removed, then it may be saved again', async () => {
  const removed: InboxEvent = { type: 'FavoriteRemoved', data: { userId: 'ann', favoriteId: 'f1' } };
  inbox.given([added]).when({ type: 'RemoveFavorite', data: { favoriteId: 'f1' }, metadata: meta(at, 'ann') }).then([removed]);
  inbox.given([added, removed]).when(add({ favoriteId: 'f2' })).then([{ type: 'ContentFavoriteAdded', data: { ...added.data, favoriteId: 'f2' } as Extract<InboxEvent, { type: 'ContentFavoriteAdded' }>['data'] }]);
});

t.test('when the item is out of bounds, then it is refused by field', async () => {
  inbox.given([]).when(add({ content: '' })).thenThrows('VALIDATION_FAILED', { field: 'content' });
  inbox.given([]).when(add({ content: ' \n ' })).thenThrows('VALIDATION_FAILED', { field: 'content' });
  inbox.given([]).when(add({ content: 'x'.repeat(8001) })).thenThrows('VALIDATION_FAILED', { field: 'content' });
  inbox.given([]).when(add({ category: 'poem' as never })).thenThrows('VALIDATION_FAILED', { field: 'category' });
  inbox.given([]).when(add({ fromId: '' })).thenThrows('VALIDATION_FAILED', { field: 'fromId' });
  inbox.given([]).when(add({ fromName: 'n'.repeat(101) })).thenThrows('VALIDATION_FAILED', { field: 'fromName' });
  inbox.given([]).when(add({ fromHeadUrl: 'javascript:alert(1)' })).thenThrows('VALIDATION_FAILED', { field: 'fromHeadUrl' });
  inbox.given([]).when(add({ favoriteId: '' })).thenThrows('VALIDATION_FAILED', { field: 'favoriteId' });
});

t.test('given an empty name and avatar, when saved, then they stay empty', async () => {
  inbox.given([]).when(add({ fromName: '', fromHeadUrl: '' })).then([{ type: 'ContentFavoriteAdded', data: { ...added.data, fromName: '', fromHeadUrl: '' } as Extract<InboxEvent, { type: 'ContentFavoriteAdded' }>['data'] }]);
});
