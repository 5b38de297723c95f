// What GET /v1/red-packets/:id tells of a packet's opener terms (003 R8): the designated openers to
// everyone who may see the packet, the phrase (口令) only to its sender and to those who grabbed it;
// whoever may not see the packet gets 404 and learns neither.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auth, recharge, type User } from '../../support/money.js';

let app: TestApp;
let ann: User, bob: User, cat: User, dan: User, out: User;
let group = '';

const post = (u: User, url: string, payload?: object) => app.inject({ method: 'POST', url, headers: auth(u), ...(payload !== undefined ? { payload } : {}) });
const packetOf = async (payload: object): Promise<string> => {
  const r = await post(ann, '/v1/red-packets', { kind: 'fixed', count: 2, amountEach: 100, target: { type: 'group', id: group }, ...payload });
  if (r.status !== 201) throw new Error(`packet: ${r.status} ${r.text}`);
  return r.json<{ redPacketId: string }>().redPacketId;
};
const read = async (u: User, id: string) => {
  const r = await app.inject({ method: 'GET', url: `/v1/red-packets/${id}`, headers: auth(u) });
  return { status: r.status, body: r.json<{ openers?: string[]; hasPhrase?: boolean; phrase?: string | null; error?: { code: string } }>() };
};
const terms = async (u: User, id: string) => {
  const { body } = await read(u, id);
  return [body.openers, body.hasPhrase, body.phrase];
};

t.before(async () => {
  app = await build(t);
  [ann, bob, cat, dan, out] = (await Promise.all(['+8613700000101', '+8613700000102', '+8613700000103', '+8613700000104', '+8613700000105'].map((p) => app.signIn(p)))) as [User, User, User, User, User];
  await recharge(t, app, ann, 10_000);
  group = (await post(ann, '/v1/groups', { name: 'g', memberIds: [bob.userId, cat.userId, dan.userId] })).json<{ groupId: string }>().groupId;
});

t.test('given a packet for bob and cat with a phrase, the sender reads both; dan (no designated opener) and bob before grabbing read the openers only', async (t) => {
  const id = await packetOf({ openers: [bob.userId, cat.userId], phrase: '恭喜发财' });
  t.same(await terms(ann, id), [[bob.userId, cat.userId], true, '恭喜发财']);
  t.same(await terms(dan, id), [[bob.userId, cat.userId], true, null]);
  t.same(await terms(bob, id), [[bob.userId, cat.userId], true, null]);
  const wrong = await post(bob, `/v1/red-packets/${id}/grab`, { phrase: 'guess' });
  t.equal(wrong.json<{ error: { code: string } }>().error.code, 'RED_PACKET_PHRASE_WRONG');
  t.same(await terms(bob, id), [[bob.userId, cat.userId], true, null], 'a wrong guess shows nothing more');
  t.equal((await post(bob, `/v1/red-packets/${id}/grab`, { phrase: '恭喜发财' })).status, 200);
  t.same(await terms(bob, id), [[bob.userId, cat.userId], true, '恭喜发财'], 'bob grabbed: he typed it');
  t.same(await terms(cat, id), [[bob.userId, cat.userId], true, null], 'cat has not');
  t.same((await read(out, id)).status, 404, 'an outsider does not see the packet');
});

t.test('given a packet with neither, every reader sees no openers and no phrase', async (t) => {
  const id = await packetOf({});
  t.same(await terms(ann, id), [[], false, null]);
  t.same(await terms(dan, id), [[], false, null]);
});
