// A user's contacts: only the owner writes them; remarks, marks and tags, with their limits.
import t from 'tap';
import { contactsDecider, contactsStream, MAX_TAG_MEMBERS, MAX_TAGS, type ContactsCommand, type ContactsEvent } from '../../domain/contacts.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const contacts = spec(contactsDecider);

const remark = (by: string, userId: string, text: string): ContactsCommand => ({ type: 'SetRemark', data: { ownerId: 'ann', userId, remark: text }, metadata: meta(at, by) });
const mark = (userId: string, commonlyUsed: boolean): ContactsCommand => ({ type: 'SetCommonlyUsed', data: { ownerId: 'ann', userId, commonlyUsed }, metadata: meta(at, 'ann') });
const create = (tagId: string, name: string, userIds: string[] = []): ContactsCommand => ({ type: 'CreateTag', data: { ownerId: 'ann', tagId, name, userIds }, metadata: meta(at, 'ann') });
const tagged = (tagId: string, userIds: string[]): ContactsEvent => ({ type: 'FriendsTagged', data: { ownerId: 'ann', tagId, userIds } });
const created = (tagId: string, name: string): ContactsEvent => ({ type: 'TagCreated', data: { ownerId: 'ann', tagId, name } });

t.test('the stream is the owner\'s', async (t) => t.equal(contactsStream('ann'), 'contacts-ann'));

t.test('only the owner writes their contacts', async () => {
  contacts.given([]).when(remark('bob', 'cat', 'kitty')).thenThrows('FORBIDDEN');
  contacts.given([]).when({ ...remark('ann', 'cat', 'kitty'), metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
  contacts.given([created('t1', 'gym')]).when({ type: 'DeleteTag', data: { ownerId: 'ann', tagId: 't1' }, metadata: meta(at, 'bob') }).thenThrows('FORBIDDEN');
});

t.test('remarks: set (trimmed), unchanged is a no-op, empty clears, too long or control characters refused', async () => {
  contacts.given([]).when(remark('ann', 'bob', '  Bobby ')).then([{ type: 'RemarkSet', data: { ownerId: 'ann', userId: 'bob', remark: 'Bobby' } }]);
  const set: ContactsEvent = { type: 'RemarkSet', data: { ownerId: 'ann', userId: 'bob', remark: 'Bobby' } };
  contacts.given([set]).when(remark('ann', 'bob', 'Bobby')).then([]);
  contacts.given([set]).when(remark('ann', 'bob', '')).then([{ type: 'RemarkCleared', data: { ownerId: 'ann', userId: 'bob' } }]);
  contacts.given([]).when(remark('ann', 'bob', ' ')).then([]);
  contacts.given([]).when(remark('ann', 'bob', 'x'.repeat(41))).thenThrows('VALIDATION_FAILED', { field: 'remark' });
  contacts.given([]).when(remark('ann', 'bob', 'a\u001bb')).thenThrows('VALIDATION_FAILED');
  contacts.given([]).when(remark('ann', 'ann', 'me')).thenThrows('SELF_RELATION');
});

t.test('commonly used marks: on, off, repeats are no-ops', async () => {
  contacts.given([]).when(mark('bob', true)).then([{ type: 'CommonlyUsedSet', data: { ownerId: 'ann', userId: 'bob', commonlyUsed: true } }]);
  contacts.given([]).when(mark('bob', false)).then([]);
  const on: ContactsEvent = { type: 'CommonlyUsedSet', data: { ownerId: 'ann', userId: 'bob', commonlyUsed: true } };
  contacts.given([on]).when(mark('bob', true)).then([]);
  contacts.given([on]).when(mark('bob', false)).then([{ type: 'CommonlyUsedSet', data: { ownerId: 'ann', userId: 'bob', commonlyUsed: false } }]);
});

t.test('tags: created with members, names unique and bounded, renamed, deleted', async (t) => {
  contacts.given([]).when(create('t1', ' gym ', ['bob', 'cat', 'bob'])).then([created('t1', 'gym'), tagged('t1', ['bob', 'cat'])]);
  contacts.given([created('t1', 'gym')]).when(create('t2', 'gym')).thenThrows('CONFLICT', { name: 'gym' });
  contacts.given([created('t1', 'gym')]).when(create('t1', 'work')).thenThrows('CONFLICT', { tagId: 't1' });
  contacts.given([]).when(create('t1', '')).thenThrows('VALIDATION_FAILED');
  contacts.given([]).when(create('t1', 'x'.repeat(31))).thenThrows('VALIDATION_FAILED');
  contacts.given([]).when(create('t1', 'me', ['ann'])).thenThrows('SELF_RELATION');
  const full = Array.from({ length: MAX_TAGS }, (_, i) => created(`t${i}`, `tag ${i}`));
  contacts.given(full).when(create('tx', 'one more')).thenThrows('VALIDATION_FAILED', { limit: MAX_TAGS });

  const rename = (name: string, tagId = 't1'): ContactsCommand => ({ type: 'RenameTag', data: { ownerId: 'ann', tagId, name }, metadata: meta(at, 'ann') });
  contacts.given([created('t1', 'gym')]).when(rename('work')).then([{ type: 'TagRenamed', data: { ownerId: 'ann', tagId: 't1', name: 'work' } }]);
  contacts.given([created('t1', 'gym')]).when(rename('gym')).then([]);
  contacts.given([created('t1', 'gym'), created('t2', 'work')]).when(rename('work')).thenThrows('CONFLICT');
  contacts.given([]).when(rename('work')).thenThrows('NOT_FOUND');

  const del: ContactsCommand = { type: 'DeleteTag', data: { ownerId: 'ann', tagId: 't1' }, metadata: meta(at, 'ann') };
  contacts.given([created('t1', 'gym'), tagged('t1', ['bob'])]).when(del).then([{ type: 'TagDeleted', data: { ownerId: 'ann', tagId: 't1' } }]);
  contacts.given([]).when(del).thenThrows('NOT_FOUND');
  const s = contacts.given([created('t1', 'gym'), tagged('t1', ['bob']), { type: 'TagDeleted', data: { ownerId: 'ann', tagId: 't1' } }]).state();
  t.equal(s.tags.size, 0);
});

t.test('tagging adds only new members, up to the limit; untagging removes one', async (t) => {
  const tag = (userIds: string[]): ContactsCommand => ({ type: 'TagFriends', data: { ownerId: 'ann', tagId: 't1', userIds }, metadata: meta(at, 'ann') });
  const untag = (userId: string): ContactsCommand => ({ type: 'UntagFriend', data: { ownerId: 'ann', tagId: 't1', userId }, metadata: meta(at, 'ann') });
  const given = [created('t1', 'gym'), tagged('t1', ['bob'])];
  contacts.given(given).when(tag(['bob', 'cat'])).then([tagged('t1', ['cat'])]);
  contacts.given(given).when(tag(['bob'])).then([]);
  contacts.given([]).when(tag(['bob'])).thenThrows('NOT_FOUND');
  const many = Array.from({ length: MAX_TAG_MEMBERS }, (_, i) => `u${i}`);
  contacts.given([created('t1', 'gym'), tagged('t1', many)]).when(tag(['one-more'])).thenThrows('VALIDATION_FAILED', { limit: MAX_TAG_MEMBERS });
  contacts.given(given).when(untag('bob')).then([{ type: 'FriendUntagged', data: { ownerId: 'ann', tagId: 't1', userId: 'bob' } }]);
  contacts.given(given).when(untag('cat')).then([]);
  const s = contacts.given([...given, tagged('t1', ['cat']), { type: 'FriendUntagged', data: { ownerId: 'ann', tagId: 't1', userId: 'bob' } }]).state();
  t.same([...(s.tags.get('t1')?.members.values() ?? [])], ['cat']);
});
