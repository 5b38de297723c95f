// Notices (announcements): posted by the owner and admins; edited and deleted by the owner, or by
// an admin unless the owner wrote it (the aggregate decides; reads show it as `editable`).
import type { Caller } from '../caller.js';
import type { CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { eventOf } from '../results.js';
import { groupCommand } from './command.js';

export const postNotice = (core: Core, caller: Caller, input: { groupId: string; text: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'postNotice',
    input,
    opts,
    ({ meta, newId }) => ({ type: 'PostNotice', data: { groupId: input.groupId, noticeId: newId(), text: input.text }, metadata: meta }),
    (r) => ({ noticeId: eventOf(r, 'GroupNoticePosted').data.noticeId }),
  );

export const editNotice = (core: Core, caller: Caller, input: { groupId: string; noticeId: string; text: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'editNotice',
    input,
    opts,
    ({ meta }) => ({ type: 'EditNotice', data: input, metadata: meta }),
    () => ({ noticeId: input.noticeId }),
  );

export const deleteNotice = (core: Core, caller: Caller, input: { groupId: string; noticeId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'deleteNotice',
    input,
    opts,
    ({ meta }) => ({ type: 'DeleteNotice', data: input, metadata: meta }),
    () => ({ noticeId: input.noticeId, deleted: true as const }),
  );
