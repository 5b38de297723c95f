// 003's reports, XG push binding, shake history and message reminders. Each route parses, calls one
// use case, renders.
import { createHash } from 'node:crypto';
import { registerDevice } from '../../app/devices.js';
import { shakeHistory } from '../../app/geo.js';
import { scheduleReminder } from '../../app/inbox.js';
import { fileReport } from '../../app/reports.js';
import { removeShakeRecord } from '../../app/shakeRecords.js';
import { requireUser } from '../../app/caller.js';
import { shanghaiWallClock } from '../framework/codecs.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Params } from '../framework/params.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { chatOf } from './social.js';
import { pageOf } from './views.js';

/** `seconds`: an epoch time (seconds, or ms from 10^12 on) when it looks like one, else a delay from now. */
const dueAt = (params: Params, now: Date): string => {
  const v = params.int('seconds', { min: 1, max: 9_999_999_999_999 });
  const at = v >= 1e12 ? v : v >= 1e9 ? v * 1000 : now.getTime() + v * 1000;
  return new Date(at).toISOString();
};

export const miscRoutes = (p: ImProfile): FacadeRoute<Code>[] => (p.edition === 2 ? [] : misc3);

const misc3: FacadeRoute<Code>[] = [
  {
    // destType 0 a user, 1 a group; `msg` is the reason (its first 40 characters) and, with `imgs`, the note.
    path: '/chat/report',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const destId = params.id('destId');
      const destType = params.int('destType', { min: 0, max: 1 });
      const msg = params.optionalString('msg', 500) ?? '';
      const imgs = params.optionalString('imgs', 2000) ?? '';
      const note = [msg, imgs].filter((x) => x !== '').join('\n');
      const r = await fileReport(core, caller, { subjectType: destType === 0 ? 'user' : 'group', subjectId: destId, reason: msg.trim().slice(0, 40) || '举报', ...(note !== '' ? { note } : {}) }, opts);
      const at = shanghaiWallClock(core.clock().toISOString());
      return { data: { info: { id: r.reportId, userId: requireUser(caller).userId, destId, destType, report_imgs: imgs, report_msg: msg, createTime: at, updateTime: at, status: 0 } } };
    },
  },
  {
    // `token` is the XG device token (the session comes in a header); a device is named by its token.
    path: '/chat/bindXgToken',
    async handler({ core, caller, params }): Promise<Reply> {
      const token = params.string('token', 200);
      const device = params.optionalInt('device', { min: 1, max: 4 }) ?? 1;
      const deviceId = `xg-${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;
      await registerDevice(core, caller, { deviceId, platform: 'xg', token, deviceKind: device === 2 ? 'ios' : device === 1 ? 'android' : device === 3 ? 'pc' : 'web' });
      return { info: '绑定成功' };
    },
  },
  {
    path: '/geo/getRockRecord',
    async handler({ core, caller, params }): Promise<Reply> {
      const page = params.optionalInt('page', { min: 1, max: 50 }) ?? params.optionalInt('pageNo', { min: 1, max: 50 }) ?? 1;
      const r = await shakeHistory(core, caller, { limit: 20 * page + 1 });
      const rows = r.items.slice((page - 1) * 20, page * 20);
      const list = rows.map((m) => ({ rockid: m.matchId, distance: m.distance, nickName: m.nickname, sex: m.sex === 'male' ? '男' : m.sex === 'female' ? '女' : '', headUrl: m.avatarUrl ?? '', sign: '', userId: m.userId, createTime: String(Date.parse(m.at)) }));
      return { data: pageOf(list, page, Math.min(r.items.length, page * 20) + (r.items.length > page * 20 ? 1 : 0)) };
    },
  },
  {
    path: '/geo/removeRockRecord',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await removeShakeRecord(core, caller, { matchId: params.string('id', 64) }, opts);
      return { info: '清除成功' };
    },
  },
  {
    // A reminder (the core's, pushed when due) on the chat named by destId/destType (1 user, 2 group), at `seconds`.
    path: '/user/setMsgAlert',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const conversationId = chatOf(requireUser(caller).userId, params);
      const seq = params.optionalInt('logId', { min: 1 });
      await scheduleReminder(core, caller, { conversationId, note: params.string('content', 500), dueAt: dueAt(params, core.clock()), ...(seq !== undefined ? { seq } : {}) }, opts);
      return { info: '设置成功!' };
    },
  },
];
