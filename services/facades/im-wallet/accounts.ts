// Accounts, sessions and profiles of 003/002: SMS codes, registration, password login (the token
// and the house IM socket's URL), logout, reset, the bootstrap, profile and privacy, real names.
import { devSmsCode, getMe, getPublicUser, requestLoginCode, updateMe } from '../../app/accounts.js';
import { anonymous } from '../../app/caller.js';
import { passwordLogIn, resetPassword } from '../../app/credentials.js';
import { setPrivacy, updateProfileDetails } from '../../app/profiles.js';
import { submitRealName } from '../../app/realNames.js';
import { logOut } from '../../app/sessionControl.js';
import { bootstrap, registerWithProfile } from '../../app/walletAppViews.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { deviceKindOf, md5Param, myView, phoneParam, sexOf, userView } from './views.js';

const flag = (v: number | undefined) => (v === undefined ? undefined : v === 1);

export const accountRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/getValidateNum',
    async handler({ core, params }): Promise<Reply> {
      const phone = phoneParam(params, 'mobile');
      await requestLoginCode(core, { phone });
      // The code itself only in dev mode (the seed's sample shows it; production never echoes it).
      return { info: core.config.DEV_MODE ? devSmsCode(core, { phone }).code : '验证码已发送' };
    },
  },
  {
    path: '/chat/register',
    codes: { PHONE_TAKEN: 2, SMS_CODE_INVALID: 3 },
    async handler({ core, caller, params }): Promise<Reply> {
      const phone = phoneParam(params, 'mobile');
      const name = params.optionalString('name', 40);
      const headUrl = params.optionalString('headUrl', 500);
      const { session: signed, me } = await registerWithProfile(core, caller, {
        phone,
        code: params.string('validateNum', 10),
        password: md5Param(params, 'pwd'),
        ...(name !== undefined ? { nickname: name } : {}),
        deviceKind: deviceKindOf(params),
        avatarUrl: headUrl,
      });
      const view = { ...myView(me), recommandUserId: params.optionalId('recommandUserId') ?? '', createTime: String(core.clock().getTime()) };
      // 002: "info里面装的注册成功的用户id"; 003: the user in `data`.
      return p.edition === 3 ? { data: view } : { info: signed.userId, data: view };
    },
  },
  {
    path: '/chat/doLogin',
    // 2 "no such user" is not told apart from 3 "wrong password": an answer that says which
    // phones have accounts is a directory for anyone guessing (README, im-groups-wallet).
    codes: { UNAUTHENTICATED: 3 },
    async handler({ core, params, urls }): Promise<Reply> {
      const phone = phoneParam(params, params.has('mobie') ? 'mobie' : 'mobile');
      const s = await passwordLogIn(core, anonymous(p.app), { phone, password: md5Param(params, 'pwd'), deviceKind: deviceKindOf(params) });
      const data = { imServerUrl: urls.ws(`/apps/${p.app}/ws`), token: s.token, userId: s.userId };
      return p.edition === 3 ? { data } : { info: s.userId, data };
    },
  },
  {
    path: '/chat/doLogout',
    async handler({ core, caller }): Promise<Reply> {
      await logOut(core, caller);
      return { info: '已退出登录' };
    },
  },
  {
    path: '/chat/findPwd',
    async handler({ core, params }): Promise<Reply> {
      const phone = phoneParam(params, 'mobile');
      const r = await resetPassword(core, { phone, code: params.string('validateNum', 10), password: md5Param(params, 'pwd') });
      return p.edition === 3 ? { data: { id: r.userId, mobile: phone.replace(/^\+86/, '') } } : { info: r.userId };
    },
  },
  {
    path: '/chat/ready',
    async handler({ core, caller }): Promise<Reply> {
      const { me, friends, groups, pay } = await bootstrap(core, caller);
      const friendList = friends.map((f) => ({ id: f.userId, nickName: f.nickname, headUrl: f.avatarUrl ?? '', remark: f.remark ?? '' }));
      const groupList = groups.map((g) => ({ id: g.groupId, name: g.name, headUrl: g.avatarUrl ?? '', role: g.role === 'owner' ? 1 : g.role === 'admin' ? 2 : 3 }));
      // 002's "支付密码md5" is never handed out: only whether one is set (and locked).
      const payInfo = { hasPayPwd: pay.set ? 1 : 0, locked: pay.locked ? 1 : 0 };
      const isAuth = p.edition === 3 ? (me.realName.status === 'approved' ? 1 : 0) : ({ none: 0, pending: 1, approved: 2, rejected: 3 } as const)[me.realName.status];
      return { data: { myInfo: { ...myView(me), isAuth }, firendsInfo: friendList, friends: friendList, groupsInfo: groupList, payInfo, isAuth } };
    },
  },
  {
    path: '/chat/updateHead',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await updateMe(core, caller, { avatarUrl: params.string('headUrl', 500) }, opts);
      return { info: '头像更新完成' };
    },
  },
  {
    path: '/chat/updateProfile',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const nickName = params.optionalString('nickName', 40) ?? params.optionalString('name', 40);
      if (nickName !== undefined) await updateMe(core, caller, { nickname: nickName }, opts);
      const sex = sexOf(params.optionalString('sex', 8));
      const sign = params.optionalString('sign', 200);
      const region = { province: params.optionalString('province', 60), city: params.optionalString('city', 60), district: params.optionalString('district', 60) };
      const defined = Object.fromEntries(Object.entries(region).filter(([, v]) => v !== undefined)) as Record<string, string>;
      await updateProfileDetails(core, caller, { ...(sex ? { sex } : {}), ...(sign !== undefined ? { signature: sign } : {}), ...(Object.keys(defined).length ? { region: defined } : {}) }, opts);
      return { data: myView(await getMe(core, caller)) };
    },
  },
  {
    path: '/chat/updatePrivateSetting',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const bit = (n: string) => flag(params.optionalInt(n, { min: 0, max: 1 }));
      const [needAuth, searchMobile, pushEnabled] = [bit('needAuth'), bit('searchMobile'), bit('newNotification')];
      await setPrivacy(core, caller, { ...(needAuth !== undefined ? { needAuth } : {}), ...(searchMobile !== undefined ? { searchMobile } : {}), ...(pushEnabled !== undefined ? { pushEnabled } : {}) }, opts);
      return { info: '更新成功' };
    },
  },
  {
    path: '/chat/getUserById',
    async handler({ core, caller, params }): Promise<Reply> {
      const destId = params.optionalId('destId') ?? params.id('userId');
      return { data: userView(await getPublicUser(core, caller, { userId: destId })) };
    },
  },
  {
    path: '/chat/updateAuth',
    codes: { ID_NUMBER_TAKEN: 2 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // The SMS code proves nothing more than the session does here; the review decides.
      await submitRealName(core, caller, { name: params.string('name', 40), idNumber: params.string('idNo', 18) }, opts);
      return { info: '提交成功，请等待审核' };
    },
  },
];
