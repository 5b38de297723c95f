// The caller's own contacts: remarks, "commonly used" marks and friend tags, in the stream only
// its owner writes (domain/contacts.ts). Marks and tags are for friends: that is checked here,
// against the relation streams (a mark) or the friends read model (a tag's many members).
import { contactsDecider, contactsStream, type ContactsCommand } from '../../domain/contacts.js';
import { CodedError } from '../../domain/errors.js';
import { friendsAmong, getContact, listTags as readTags } from '../../projections/queries.js';
import { cachedCheck, relationBetween, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

const notFriends = (userIds: readonly string[]) => new CodedError('NOT_FRIENDS', 'tags and marks are for friends', { userIds });

const requireFriends = async (core: Core, me: string, userIds: readonly string[]): Promise<void> => {
  const friends = await friendsAmong(core.pool, me, userIds);
  const others = userIds.filter((id) => !friends.has(id));
  if (others.length > 0) throw notFriends(others);
};

const handle = (core: Core, me: string, command: ContactsCommand) => core.bus.handle(contactsDecider, contactsStream(me), command);

/**
 * Sets what I call someone (an empty remark clears it) and whether they are commonly used (a
 * friend only). Answers what I noted about them.
 */
export const updateContact = (core: Core, caller: Caller, input: { userId: string; remark?: string; commonlyUsed?: boolean }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'updateContact', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    await requireUserExists(core, input.userId, 'user', cachedCheck);
    if (input.commonlyUsed === true && me !== input.userId && !(await relationBetween(core, me, input.userId)).friends) throw notFriends([input.userId]);
    // Two commands to one stream: each its own command id (derived, so a retry repeats both), or
    // the stream would take the second for a retry of the first.
    const part = (name: string) => ({ ...meta, commandId: `${meta.commandId}/${name}` });
    const remark = input.remark === undefined ? null : await handle(core, me, { type: 'SetRemark', data: { ownerId: me, userId: input.userId, remark: input.remark }, metadata: part('remark') });
    const mark =
      input.commonlyUsed === undefined
        ? null
        : await handle(core, me, { type: 'SetCommonlyUsed', data: { ownerId: me, userId: input.userId, commonlyUsed: input.commonlyUsed }, metadata: part('mark') });
    await settled(core, remark, mark);
    return getContact(core.pool, me, input.userId);
  });

/** A new tag, with the friends in it (if any). */
export const createTag = (core: Core, caller: Caller, input: { name: string; userIds: string[] }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createTag', input, opts, async ({ meta, newId }) => {
    const me = requireUser(caller).userId;
    await requireFriends(core, me, input.userIds);
    const tagId = newId();
    const r = await handle(core, me, { type: 'CreateTag', data: { ownerId: me, tagId, name: input.name, userIds: input.userIds }, metadata: meta });
    await settled(core, r);
    return tagOf(r.state, tagId);
  });

const tagOf = (s: Awaited<ReturnType<typeof handle>>['state'], tagId: string) => {
  const tag = s.tags.get(tagId);
  if (!tag) throw new CodedError('NOT_FOUND', 'no such tag', { tagId });
  return { tagId, name: tag.name, userIds: [...tag.members.values()].sort() };
};

export const renameTag = (core: Core, caller: Caller, input: { tagId: string; name: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'renameTag', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await handle(core, me, { type: 'RenameTag', data: { ownerId: me, ...input }, metadata: meta });
    await settled(core, r);
    return tagOf(r.state, input.tagId);
  });

export const deleteTag = (core: Core, caller: Caller, input: { tagId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deleteTag', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await handle(core, me, { type: 'DeleteTag', data: { ownerId: me, tagId: input.tagId }, metadata: meta });
    await settled(core, r);
    return { tagId: input.tagId, deleted: true as const };
  });

/** Adds friends to a tag (those already in it are left as they are). */
export const tagFriends = (core: Core, caller: Caller, input: { tagId: string; userIds: string[] }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'tagFriends', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    await requireFriends(core, me, input.userIds);
    const r = await handle(core, me, { type: 'TagFriends', data: { ownerId: me, ...input }, metadata: meta });
    await settled(core, r);
    return tagOf(r.state, input.tagId);
  });

export const untagFriend = (core: Core, caller: Caller, input: { tagId: string; userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'untagFriend', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await handle(core, me, { type: 'UntagFriend', data: { ownerId: me, ...input }, metadata: meta });
    await settled(core, r);
    return tagOf(r.state, input.tagId);
  });

/** My tags with their members, oldest first. */
export const listTags = async (core: Core, caller: Caller) => ({ items: await readTags(core.pool, requireUser(caller).userId) });
