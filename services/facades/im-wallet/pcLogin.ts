// 003's PC scan-to-login: the PC asks for a code (`/pc/getCode`: `qcode` goes into the QR, `sign`
// is the PC's secret for polling), the phone authorises it (`/pc/authLogin`, signed in), the PC
// polls (`/pc/queryCode` with `sn` = qcode and its `sign`): 402 until authorised, then a session.
// The core's QR sign-in (services/app/qrLogin.ts) holds the rules: one use, an expiry, the poll
// secret stored hashed.
import { anonymous } from '../../app/caller.js';
import { confirmQrLogin, createQrLogin, exchangeQrLogin } from '../../app/qrLogin.js';
import { matchPhoneBook } from '../../app/discovery.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { pageOf } from './views.js';

export const pcLoginRoutes = (p: ImProfile): FacadeRoute<Code>[] =>
  p.edition === 2
    ? []
    : [
        {
          path: '/pc/getCode',
          async handler({ core }): Promise<Reply> {
            const q = await createQrLogin(core, anonymous(p.app), { deviceKind: 'pc' });
            return { data: { qcode: q.qrId, sign: q.pollToken, expireTime: String(Date.parse(q.expiresAt)) } };
          },
        },
        {
          path: '/pc/queryCode',
          // 401 an unknown code or a wrong `sign`, 402 waiting for the phone, -1 expired.
          codes: { NOT_FOUND: 401, QR_LOGIN_PENDING: 402 },
          async handler({ core, params, urls }): Promise<Reply> {
            const s = await exchangeQrLogin(core, { qrId: params.string('sn', 100), pollToken: params.string('sign', 100) });
            return { data: { token: s.token, userId: s.userId, imServerUrl: urls.ws(`/apps/${p.app}/ws`) } };
          },
        },
        {
          path: '/pc/authLogin',
          async handler({ core, caller, params }): Promise<Reply> {
            await confirmQrLogin(core, caller, { qrId: params.string('sn', 100) });
            return { info: '授权成功' };
          },
        },
        {
          // The phone book, paged (20 a page): who of it is registered, as inviteContact answers.
          path: '/chat/myContact',
          async handler({ core, caller, params }): Promise<Reply> {
            const pageNo = params.optionalInt('pageNo', { min: 1, max: 500 }) ?? 1;
            const book = params.list('contact', 2000).map((x) => x.replace(/^.*"phone"\s*:\s*"?([^",}]+).*$/, '$1'));
            const shown = book.slice((pageNo - 1) * 20, pageNo * 20);
            const found = new Map((await matchPhoneBook(core, caller, { phones: shown })).matches.map((m) => [m.phone, m]));
            const list = shown.map((phone) => ({ phone, isExists: found.has(phone) ? 1 : 0, userId: found.get(phone)?.userId ?? '', nickName: found.get(phone)?.nickname ?? '', header: found.get(phone)?.avatarUrl ?? '', markName: '' }));
            return { data: { info: list, ...pageOf([], pageNo, book.length), list } };
          },
        },
      ];
