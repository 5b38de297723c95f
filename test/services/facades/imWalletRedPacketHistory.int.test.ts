// 003 `/chat/getRedPacketHistory`'s `command` (the phrase, 口令) and `limituser` (designated
// openers, 003 R8 "others can see it but cannot grab it"): the openers for everyone who may see the
// packet, the phrase for its sender and those who grabbed it; an outsider -1 and learns neither.
import t from 'tap';
import { z } from 'zod';
import { Failure3, Info3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser } from '../../support/imWallet.js';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send = imInject(app.inject, 'im-groups-wallet');
const [ann, bob, cy, dee, out] = await Promise.all(['ann', 'bob', 'cy', 'dee', 'out'].map((n) => signUp(send, 'im-groups-wallet', n)));
if (!ann || !bob || !cy || !dee || !out) throw new Error('sign-up failed');
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);

const order = await call(ann, '/wallet/recharge', { amount: '50.00' });
const [row] = z.array(z.object({ id: z.string() })).parse(order.body.data);
await app.inject({ method: 'POST', url: `/v1/dev/payments/${row?.id ?? ''}/succeed` });
const groupId = z.object({ id: z.string() }).parse((await call(ann, '/chat/createGroup', { name: 'rp', ids: `${bob.userId},${cy.userId},${dee.userId}` })).body.data).id;
const packet = async (params: Record<string, string | number>) =>
  Info3.parse((await call(ann, '/chat/sendRedPacket', { redPacketCount: 2, redPacketAmount: '1.00', destType: 2, destId: groupId, redPacketType: 1, ...params })).body).data.info;

const History = Ok3(z.object({ redPacket: z.object({ command: z.string(), limituser: z.string(), status: z.string() }), redPacketHistory: z.array(z.object({ userId: z.string() })) }));
const seen = async (u: ImUser, redPacketId: string) => {
  const r = await call(u, '/chat/getRedPacketHistory', { redPacketId });
  t.equal(r.status, 200);
  const p = History.parse(r.body).data.redPacket;
  return [p.command, p.limituser];
};

t.test('given a packet with a phrase for bob and cy, the sender reads both; dee (no opener) and bob before grabbing read only the openers', async (t) => {
  const id = await packet({ command: '恭喜发财', limit: `${bob.userId},${cy.userId}` });
  const openers = `${bob.userId},${cy.userId}`;
  t.same(await seen(ann, id), ['恭喜发财', openers]);
  t.same(await seen(dee, id), ['', openers], 'others can see it (and who may open it) but not the phrase');
  t.same(await seen(bob, id), ['', openers]);
  t.equal(Failure3.parse((await call(dee, '/chat/openRedPacket', { redPacketId: id, command: '恭喜发财' })).body).code, '4', 'and dee cannot grab it');
  t.equal(Failure3.parse((await call(bob, '/chat/openRedPacket', { redPacketId: id, command: 'guess' })).body).code, '-1');
  t.same(await seen(bob, id), ['', openers], 'a wrong guess shows nothing more');
  t.equal(Info3.parse((await call(bob, '/chat/openRedPacket', { redPacketId: id, command: '恭喜发财' })).body).code, '1');
  t.same(await seen(bob, id), ['恭喜发财', openers], 'bob grabbed it: he typed the phrase');
  t.same(await seen(cy, id), ['', openers], 'cy has not');
});

t.test('then an outsider asking for the history is -1 and learns neither', async (t) => {
  const id = await packet({ command: 'secret', limit: bob.userId });
  const r = await call(out, '/chat/getRedPacketHistory', { redPacketId: id });
  t.equal(r.status, 200);
  t.equal(Failure3.parse(r.body).code, '-1');
  t.notMatch(JSON.stringify(r.body), /secret/);
});

t.test('given a packet with neither, command and limituser are empty for everyone', async (t) => {
  const id = await packet({});
  t.same(await seen(ann, id), ['', '']);
  t.same(await seen(cy, id), ['', '']);
});
