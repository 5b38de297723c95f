// How core answers look in 003/002: users, groups, members, bills, transfers. Pure functions of
// what a use case returned; times as epoch-ms strings, amounts in yuan as the profile writes them.
import { CodedError } from '../../../domain/errors.js';
import type { getPublicUser } from '../../app/accounts.js';
import type { getMyProfile } from '../../app/profiles.js';
import { toE164 } from '../../app/discovery.js';
import type { Params } from '../framework/params.js';
import type { ImProfile } from './profile.js';

type PublicUser = Awaited<ReturnType<typeof getPublicUser>>;
type MyProfile = Awaited<ReturnType<typeof getMyProfile>>;

export const ms = (iso: string | null | undefined): string => (iso ? String(Date.parse(iso)) : '');

const sexText = { male: '男', female: '女', unknown: '' } as const;
export const sexOf = (s: string | undefined): 'male' | 'female' | 'unknown' | undefined =>
  s === undefined ? undefined : s === '男' || s === '1' || s === 'male' ? 'male' : s === '女' || s === '2' || s === 'female' ? 'female' : 'unknown';

/** 003 UserProfile (§2.9.4) of another user: public fields only (never their phone, id number or real name). */
export const userView = (u: PublicUser, extra: Record<string, unknown> = {}) => ({
  id: u.userId,
  name: u.nickname,
  nickName: u.nickname,
  headUrl: u.avatarUrl ?? '',
  IMNo: u.displayNumber ?? '',
  sex: sexText[u.sex],
  birthday: u.birthday ?? '',
  sign: u.signature ?? '',
  province: u.region?.province ?? '',
  city: u.region?.city ?? '',
  district: u.region?.district ?? '',
  isAuth: u.verified ? 1 : 0,
  isOnline: 0,
  status: 1,
  mail: '',
  detail: '',
  ...extra,
});

/** The caller's own profile: their phone and switches too. */
export const myView = (u: MyProfile) =>
  userView(u, {
    mobile: u.phone ?? '',
    needAuth: u.privacy.needAuth ? 1 : 0,
    searchMobile: u.privacy.searchMobile ? 1 : 0,
    newNotification: u.privacy.pushEnabled ? 1 : 0,
    isAuth: u.realName.status === 'approved' ? 1 : 0,
  });

/** A phone as the app sends it (003 without +86, 002 with it) in E.164; `code` is 003's country code. */
export const phoneParam = (params: Params, name: string): string => {
  const raw = params.string(name, 32);
  const country = params.optionalString('code', 8)?.replace(/^\+/, '');
  const e164 = toE164(raw, country);
  if (e164 === null) throw new CodedError('VALIDATION_FAILED', '手机号格式不正确', { field: name });
  return e164;
};

/** 003 `device` 1 Android, 2 ios, 3 pc, 4 web. */
export const deviceKindOf = (params: Params) => (['other', 'android', 'ios', 'pc', 'web'] as const)[params.optionalInt('device', { min: 1, max: 4 }) ?? 0] ?? 'other';

/** A password (login or pay) as the client sends it: the md5 hex of what was typed. */
export const md5Param = (params: Params, name: string) => ({ md5: params.string(name, 64).toLowerCase() });

/** An amount in yuan (at most 2 decimals) as fen, exactly. */
export const yuanParam = (params: Params, name: string): number => params.money(name, 2);

/** 1 user / 2 group, the chat target of 003 and 002. */
export const destTypeOf = (params: Params, name = 'destType'): 'user' | 'group' => (params.int(name, { min: 1, max: 2 }) === 1 ? 'user' : 'group');

export const pageOf = <T>(items: T[], pageNo: number, total?: number) => ({
  pageNo,
  pageSize: 20,
  totalCount: total ?? items.length,
  totalPage: Math.max(1, Math.ceil((total ?? items.length) / 20)),
  orderBy: '',
  orderType: '',
  list: items,
});

export const moneyOf = (p: ImProfile, fen: number) => p.money(fen);
