// 003/002 favorites (/favorite/addFavorite, getFavorite; delFavorite in 003) over the core's content
// favorites: the seed's envelopes and field names, 003 strings in data and 002 numbers, the seed's
// refusals (-1) and nothing stored on them, another's id not found.
import t from 'tap';
import { z } from 'zod';
import { Envelope2, Failure3, IdText, Info3, MsText, Ok3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser, type Send } from '../../support/imWallet.js';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send3 = imInject(app.inject, 'im-groups-wallet');
const send2 = imInject(app.inject, 'chat-wallet');
const call = (send: Send, u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const item = { category: 2, content: 'http://img.example/upload/1.jpg', fromId: '17229', fromName: 'Cathy0', fromHeadUrl: 'http://img.example/upload/small.jpg' };

const Row3 = z.object({ id: IdText, category: z.enum(['1', '2', '3', '4', '5', '6']), fromId: z.string(), fromName: z.string(), fromHeadUrl: z.string(), createTime: MsText, content: z.string(), userId: IdText });
const Page3 = Ok3(z.object({ pageNo: z.string(), pageSize: z.literal('20'), totalCount: z.string(), totalPage: z.string(), orderBy: z.literal(''), orderType: z.literal(''), list: z.array(Row3) }));
const Row2 = z.object({ id: z.string(), category: z.number().int(), fromId: z.string(), fromName: z.string(), fromHeadUrl: z.string(), createTime: z.number().int(), content: z.string(), userId: z.string() });
const Page2 = z.object({ code: z.literal(1), data: z.object({ pageNo: z.number(), pageSize: z.literal(20), totalCount: z.number(), totalPage: z.number(), list: z.array(Row2) }) });

t.test('003: given a user, when they add a favorite, then "收藏成功" and the list shows it as sent, strings in data', async (t) => {
  const ann = await signUp(send3, 'im-groups-wallet', 'ann');
  t.equal(Info3.parse((await call(send3, ann, '/favorite/addFavorite', item)).body).data.info, '收藏成功');
  await call(send3, ann, '/favorite/addFavorite', { ...item, category: 1, content: 'hello' });
  const page = Page3.parse((await call(send3, ann, '/favorite/getFavorite', { pageNo: 1 })).body).data;
  t.same([page.pageNo, page.totalCount, page.totalPage], ['1', '2', '1']);
  t.match(page.list, [
    { category: '1', content: 'hello', fromId: '17229', userId: ann.userId },
    { category: '2', content: item.content, fromId: '17229', fromName: 'Cathy0', fromHeadUrl: item.fromHeadUrl, userId: ann.userId },
  ]);
  t.same(Page3.parse((await call(send3, ann, '/favorite/getFavorite', { pageNo: 2 })).body).data.list, [], 'past the end: empty');
});

t.test('003: given a favorite, when the same is added again or the input is bad, then -1 with the seed’s words and nothing stored', async (t) => {
  const ann = await signUp(send3, 'im-groups-wallet', 'ann2');
  await call(send3, ann, '/favorite/addFavorite', item);
  const dup = Failure3.parse((await call(send3, ann, '/favorite/addFavorite', item)).body);
  t.same([dup.code, dup.info], ['-1', '收藏失败，重复收藏']);
  for (const bad of [{ ...item, category: 7 }, { ...item, category: 'x' }, { ...item, content: '   ' }, { ...item, content: 'x'.repeat(8001) }, { ...item, fromHeadUrl: 'javascript:alert(1)' }]) {
    t.equal(Failure3.parse((await call(send3, ann, '/favorite/addFavorite', bad)).body).code, '-1', JSON.stringify(bad).slice(0, 50));
  }
  t.equal(Failure3.parse((await call(send3, ann, '/favorite/addFavorite', { ...item, fromHeadUrl: 'ftp://x' })).body).info, '收藏失败，参数不正确');
  const { content: _omitted, ...noContent } = item;
  t.equal(Failure3.parse((await call(send3, ann, '/favorite/addFavorite', noContent)).body).code, '-1', 'content is required');
  t.equal(Page3.parse((await call(send3, ann, '/favorite/getFavorite')).body).data.list.length, 1, 'nothing more stored');
});

t.test('003: given a favorite, when another user deletes its id, then -1 and it stays; its owner deletes it', async (t) => {
  const [ann, bob] = [await signUp(send3, 'im-groups-wallet', 'ann3'), await signUp(send3, 'im-groups-wallet', 'bob3')];
  await call(send3, ann, '/favorite/addFavorite', item);
  const [row] = Page3.parse((await call(send3, ann, '/favorite/getFavorite')).body).data.list;
  const id = row?.id ?? '';
  t.equal(Failure3.parse((await call(send3, bob, '/favorite/delFavorite', { favoriteId: id })).body).code, '-1');
  t.equal(Page3.parse((await call(send3, ann, '/favorite/getFavorite')).body).data.list.length, 1, 'nothing changed');
  t.equal(Info3.parse((await call(send3, ann, '/favorite/delFavorite', { favoriteId: id })).body).data.info, '删除成功');
  t.same(Page3.parse((await call(send3, ann, '/favorite/getFavorite')).body).data.list, []);
  t.equal(Failure3.parse((await call(send3, ann, '/favorite/delFavorite', { favoriteId: id })).body).code, '-1', 'gone: not found');
  t.equal(Failure3.parse((await send3('/favorite/getFavorite', {})).body).code, '-1', 'no session');
});

t.test('002: given a user, when they add and list favorites, then numeric code and numbers in data; no delFavorite', async (t) => {
  const cy = await signUp(send2, 'chat-wallet', 'cy');
  const added = Envelope2.parse((await call(send2, cy, '/favorite/addFavorite', { ...item, category: 4 })).body);
  t.same([added.code, added.info], [1, '收藏成功']);
  const page = Page2.parse((await call(send2, cy, '/favorite/getFavorite')).body).data;
  t.equal(page.totalCount, 1);
  t.match(page.list, [{ category: 4, content: item.content, fromId: '17229', fromName: 'Cathy0', userId: cy.userId }]);
  const bad = Envelope2.parse((await call(send2, cy, '/favorite/addFavorite', { ...item, category: 0 })).body);
  t.same([bad.code, bad.data], [-1, null]);
  t.not((await call(send2, cy, '/favorite/delFavorite', { favoriteId: page.list[0]?.id ?? '' })).status, 200, '002 has no delFavorite');
});
