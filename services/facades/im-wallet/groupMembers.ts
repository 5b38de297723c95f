// 003 `/chat/updateGroupMember` (#54): type 1 decides a join application (`ope` 1 approve, 0
// reject), 2 mutes (`ope` seconds, 0 lifts), 3 sets the member's extension field (`ext`; empty
// clears), 4 records how the member joined (`ext`, or `ope` when `ext` is absent: 0 invited, 1 found
// by the group's number, 2 its QR code). Who may do each, and what the group's own record makes
// impossible (an invited member recorded as found, one who asked recorded as invited), is the
// group aggregate's; a refusal is -1 with nothing changed.
import type { JoinMethod, RecordedJoinMethod } from '../../../domain/group.js';
import { CodedError } from '../../../domain/errors.js';
import { decideApplication, muteMember, recordJoinMethod, setMemberExt } from '../../app/groups.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, Reply } from './profile.js';

const joinTypes = ['invitation', 'search', 'qr_code'] as const satisfies readonly RecordedJoinMethod[];

/**
 * 003 `joinType`: 0 invited, 1 group-number search, 2 QR code. Where nothing is known (the creator,
 * one who asked and whose channel nobody recorded) or the caller may not see it, the seed's own
 * default 0 (its sample shows the owner with "0"): its clients read the field as a number, and /v1
 * tells these apart (`joinMethod` null or `request`).
 */
export const joinTypeOf = (method: JoinMethod | null): number => Math.max(0, method === null ? 0 : joinTypes.indexOf(method as RecordedJoinMethod));

const joinMethodParam = (params: Params): RecordedJoinMethod => {
  const raw = params.has('ext') ? params.string('ext', 8).trim() : String(params.int('ope'));
  const method = /^[0-2]$/.test(raw) ? joinTypes[Number(raw)] : undefined;
  if (method === undefined) throw new CodedError('VALIDATION_FAILED', '加群方式只能是 0 邀请、1 群号搜索、2 扫码', { field: 'ext' });
  return method;
};

export const groupMemberRoutes = (): FacadeRoute<Code>[] => [
  {
    path: '/chat/updateGroupMember',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const groupId = params.id('groupId');
      const userId = params.id('destId');
      const type = params.int('type', { min: 1, max: 4 });
      if (type === 1) {
        const decision = params.int('ope', { min: 0, max: 1 }) === 1 ? 'approve' : 'reject';
        await decideApplication(core, caller, { groupId, applicantId: userId, decision }, opts);
      } else if (type === 2) await muteMember(core, caller, { groupId, userId, seconds: params.int('ope', { min: 0, max: 604_800 }) }, opts);
      else if (type === 3) await setMemberExt(core, caller, { groupId, userId, ext: params.optionalString('ext', 500) ?? '' }, opts);
      else await recordJoinMethod(core, caller, { groupId, userId, method: joinMethodParam(params) }, opts);
      return { info: '操作成功' };
    },
  },
];
