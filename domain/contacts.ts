// A user's own notes on other people: remarks (the name I give them), friend tags and "commonly
// used" marks. One stream per owner, `contacts-<ownerId>`, which only its owner writes: nobody
// else's command can change what I call my friends. Whether a tagged user is a friend is the
// service's check (it reads the relations); this stream only holds what the owner wrote.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { PersistentMap, PersistentSet } from './persistent.js';
import { actor, requireId, requireText } from './rules.js';

export const MAX_REMARK_LENGTH = 40;
export const MAX_TAG_NAME_LENGTH = 30;
/** Bounds on what one stream holds: its state is loaded for every change. */
export const MAX_TAGS = 100;
export const MAX_TAG_MEMBERS = 500;

export type RemarkSet = { type: 'RemarkSet'; data: { ownerId: string; userId: string; remark: string } };
export type RemarkCleared = { type: 'RemarkCleared'; data: { ownerId: string; userId: string } };
export type CommonlyUsedSet = { type: 'CommonlyUsedSet'; data: { ownerId: string; userId: string; commonlyUsed: boolean } };
export type TagCreated = { type: 'TagCreated'; data: { ownerId: string; tagId: string; name: string } };
export type TagRenamed = { type: 'TagRenamed'; data: { ownerId: string; tagId: string; name: string } };
/** Its members go with it. */
export type TagDeleted = { type: 'TagDeleted'; data: { ownerId: string; tagId: string } };
/** userIds lists only those not tagged yet. */
export type FriendsTagged = { type: 'FriendsTagged'; data: { ownerId: string; tagId: string; userIds: string[] } };
export type FriendUntagged = { type: 'FriendUntagged'; data: { ownerId: string; tagId: string; userId: string } };
export type ContactsEvent = RemarkSet | RemarkCleared | CommonlyUsedSet | TagCreated | TagRenamed | TagDeleted | FriendsTagged | FriendUntagged;

/** An empty remark clears it. */
export type SetRemark = { type: 'SetRemark'; data: { ownerId: string; userId: string; remark: string }; metadata: CommandMetadata };
export type SetCommonlyUsed = { type: 'SetCommonlyUsed'; data: { ownerId: string; userId: string; commonlyUsed: boolean }; metadata: CommandMetadata };
export type CreateTag = { type: 'CreateTag'; data: { ownerId: string; tagId: string; name: string; userIds: string[] }; metadata: CommandMetadata };
export type RenameTag = { type: 'RenameTag'; data: { ownerId: string; tagId: string; name: string }; metadata: CommandMetadata };
export type DeleteTag = { type: 'DeleteTag'; data: { ownerId: string; tagId: string }; metadata: CommandMetadata };
export type TagFriends = { type: 'TagFriends'; data: { ownerId: string; tagId: string; userIds: string[] }; metadata: CommandMetadata };
export type UntagFriend = { type: 'UntagFriend'; data: { ownerId: string; tagId: string; userId: string }; metadata: CommandMetadata };
export type ContactsCommand = SetRemark | SetCommonlyUsed | CreateTag | RenameTag | DeleteTag | TagFriends | UntagFriend;

export interface Tag {
  name: string;
  members: PersistentSet;
}

export interface Contacts {
  remarks: PersistentMap<string>;
  commonlyUsed: PersistentSet;
  tags: PersistentMap<Tag>;
}

export const initialState = (): Contacts => ({ remarks: PersistentMap.empty(), commonlyUsed: PersistentSet.empty(), tags: PersistentMap.empty() });

const withTag = (s: Contacts, tagId: string, change: (t: Tag) => Tag): Contacts => {
  const tag = s.tags.get(tagId);
  return tag ? { ...s, tags: s.tags.set(tagId, change(tag)) } : s;
};

export const evolve = (s: Contacts, e: ContactsEvent): Contacts => {
  switch (e.type) {
    case 'RemarkSet':
      return { ...s, remarks: s.remarks.set(e.data.userId, e.data.remark) };
    case 'RemarkCleared':
      return { ...s, remarks: s.remarks.delete(e.data.userId) };
    case 'CommonlyUsedSet':
      return { ...s, commonlyUsed: e.data.commonlyUsed ? s.commonlyUsed.add(e.data.userId) : s.commonlyUsed.delete(e.data.userId) };
    case 'TagCreated':
      return s.tags.has(e.data.tagId) ? s : { ...s, tags: s.tags.set(e.data.tagId, { name: e.data.name, members: PersistentSet.empty() }) };
    case 'TagRenamed':
      return withTag(s, e.data.tagId, (t) => ({ ...t, name: e.data.name }));
    case 'TagDeleted':
      return { ...s, tags: s.tags.delete(e.data.tagId) };
    case 'FriendsTagged':
      return withTag(s, e.data.tagId, (t) => ({ ...t, members: e.data.userIds.reduce((m, id) => m.add(id), t.members) }));
    case 'FriendUntagged':
      return withTag(s, e.data.tagId, (t) => ({ ...t, members: t.members.delete(e.data.userId) }));
    default:
      return s;
  }
};

/** Only the owner writes their contacts. */
const owner = (c: ContactsCommand): string => {
  const by = actor(c.metadata);
  return by === requireId('ownerId', c.data.ownerId) ? by : fail('FORBIDDEN', 'only the owner changes their contacts');
};

const other = (ownerId: string, userId: string, field = 'userId'): string =>
  requireId(field, userId) === ownerId ? fail('SELF_RELATION', 'that is you', { field }) : userId;

const tagName = (name: string): string => requireText('name', typeof name === 'string' ? name.trim() : name, { max: MAX_TAG_NAME_LENGTH });

const existingTag = (s: Contacts, tagId: string): Tag => s.tags.get(tagId) ?? fail('NOT_FOUND', 'no such tag', { tagId });

const refuseDuplicateName = (s: Contacts, name: string, except?: string): void => {
  for (const [id, t] of s.tags.entries()) {
    if (id !== except && t.name === name) fail('CONFLICT', 'you have a tag with this name', { name });
  }
};

const setRemark = (c: SetRemark, s: Contacts): ContactsEvent[] => {
  const ownerId = owner(c);
  const userId = other(ownerId, c.data.userId);
  const remark = requireText('remark', typeof c.data.remark === 'string' ? c.data.remark.trim() : c.data.remark, { max: MAX_REMARK_LENGTH, blank: true });
  if (remark === '') return s.remarks.has(userId) ? [{ type: 'RemarkCleared', data: { ownerId, userId } }] : [];
  return s.remarks.get(userId) === remark ? [] : [{ type: 'RemarkSet', data: { ownerId, userId, remark } }];
};

const tagFriends = (ownerId: string, tagId: string, tag: Tag, userIds: readonly string[]): ContactsEvent[] => {
  const fresh = [...new Set(userIds.map((id) => other(ownerId, id, 'userIds[]')))].filter((id) => !tag.members.has(id));
  if (tag.members.size + fresh.length > MAX_TAG_MEMBERS) return fail('VALIDATION_FAILED', `a tag holds at most ${MAX_TAG_MEMBERS} people`, { field: 'userIds', limit: MAX_TAG_MEMBERS });
  return fresh.length === 0 ? [] : [{ type: 'FriendsTagged', data: { ownerId, tagId, userIds: fresh } }];
};

const createTag = (c: CreateTag, s: Contacts): ContactsEvent[] => {
  const ownerId = owner(c);
  const tagId = requireId('tagId', c.data.tagId);
  if (s.tags.has(tagId)) return fail('CONFLICT', 'this tag exists already', { tagId });
  if (s.tags.size >= MAX_TAGS) return fail('VALIDATION_FAILED', `at most ${MAX_TAGS} tags`, { field: 'name', limit: MAX_TAGS });
  const name = tagName(c.data.name);
  refuseDuplicateName(s, name);
  const created: ContactsEvent = { type: 'TagCreated', data: { ownerId, tagId, name } };
  return [created, ...tagFriends(ownerId, tagId, { name, members: PersistentSet.empty() }, c.data.userIds)];
};

export const decide = (c: ContactsCommand, s: Contacts): ContactsEvent[] => {
  switch (c.type) {
    case 'SetRemark':
      return setRemark(c, s);
    case 'SetCommonlyUsed': {
      const ownerId = owner(c);
      const userId = other(ownerId, c.data.userId);
      return s.commonlyUsed.has(userId) === c.data.commonlyUsed ? [] : [{ type: 'CommonlyUsedSet', data: { ownerId, userId, commonlyUsed: c.data.commonlyUsed } }];
    }
    case 'CreateTag':
      return createTag(c, s);
    case 'RenameTag': {
      const ownerId = owner(c);
      const tag = existingTag(s, c.data.tagId);
      const name = tagName(c.data.name);
      if (name === tag.name) return [];
      refuseDuplicateName(s, name, c.data.tagId);
      return [{ type: 'TagRenamed', data: { ownerId, tagId: c.data.tagId, name } }];
    }
    case 'DeleteTag': {
      const ownerId = owner(c);
      existingTag(s, c.data.tagId);
      return [{ type: 'TagDeleted', data: { ownerId, tagId: c.data.tagId } }];
    }
    case 'TagFriends': {
      const ownerId = owner(c);
      return tagFriends(ownerId, c.data.tagId, existingTag(s, c.data.tagId), c.data.userIds);
    }
    case 'UntagFriend': {
      const ownerId = owner(c);
      const tag = existingTag(s, c.data.tagId);
      return tag.members.has(c.data.userId) ? [{ type: 'FriendUntagged', data: { ownerId, tagId: c.data.tagId, userId: c.data.userId } }] : [];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const contactsStream = (ownerId: string): string => `contacts-${ownerId}`;

export const contactsDecider: Decider<Contacts, ContactsCommand, ContactsEvent> = { initialState, evolve, decide };
