// An operator's global mute (chat-platform /user/muted, /group/muted): the user's sends to groups
// and rooms are refused with MUTED until it ends; 1:1 chats stay open. The messaging use case
// asks `accountMutedUntil` before each group or room send.
import { accountDecider, accountStream } from '../../domain/account.js';
import { accountMutedUntil } from '../../domain/account/mute.js';
import { notFound } from './access.js';
import { requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

/** Mutes a user for `durationMs` from now (0 lifts the mute); operators only. */
export const muteAccount = (core: Core, caller: Caller, input: { userId: string; durationMs: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'muteAccount', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const by = requireUser(caller).userId;
    const until = input.durationMs === 0 ? null : new Date(Date.parse(meta.at) + input.durationMs).toISOString();
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), { type: 'MuteAccount', data: { userId: input.userId, until, by }, metadata: meta });
    if (r.state.status === 'absent') throw notFound('user', { userId: input.userId });
    await settled(core, r);
    return { userId: input.userId, until };
  });

/** Until when the user may not post in groups and rooms, or null (read from the stream itself). */
export const globalMuteOf = async (core: Core, userId: string): Promise<string | null> =>
  accountMutedUntil((await core.bus.load(accountDecider, accountStream(userId))).state, core.clock().toISOString());
