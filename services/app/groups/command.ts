// How a group use case runs its command: the signed-in caller, one command on the group's stream
// (the aggregate decides who may), read-your-writes, an answer from the new state.
import type { CommandMetadata } from '../../../domain/aggregate.js';
import { groupDecider, groupStream, type Group, type GroupCommand, type GroupEvent, type LiveGroup } from '../../../domain/group.js';
import type { CommandResult } from '../../shared/commands/bus.js';
import { notFound } from '../access.js';
import { requireUser, type Caller, type UserCaller } from '../caller.js';
import { runCommand, type CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { settled } from '../results.js';

export type GroupResult = CommandResult<Group, GroupEvent>;

export interface GroupCommandContext {
  user: UserCaller;
  meta: CommandMetadata;
  newId(): string;
}

/**
 * A user's command on one group: `build` makes it, `answer` reads the result. The command is
 * decided on the group's stream, so every rule (roles, caps, policy) holds under concurrency.
 */
export const groupCommand = <I extends { groupId: string }, R>(
  core: Core,
  caller: Caller,
  name: string,
  input: I,
  opts: CommandOptions,
  build: (ctx: GroupCommandContext) => GroupCommand,
  answer: (r: GroupResult) => R,
): Promise<R> =>
  runCommand(core, caller, name, input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const r = await core.bus.handle(groupDecider, groupStream(input.groupId), build({ user, meta, newId }));
    await settled(core, r);
    return answer(r);
  });

/** The group as it is after a command that succeeded (a refused one never gets here). */
export const activeOf = (r: GroupResult): LiveGroup => {
  if (r.state.status !== 'active') throw notFound('group');
  return r.state;
};
