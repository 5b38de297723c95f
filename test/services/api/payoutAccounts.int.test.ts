// Payout accounts over /v1 and withdrawals paid to one: masked everywhere, verified owners only,
// at most the configured number, and a withdrawal naming an account holds at once.
import t from 'tap';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { auditClean, balance, recharge } from '../../support/money.js';

const app = await build(t, { PAYOUT_ACCOUNTS_MAX: '2' });
const call = api(app);
const [ann, bob] = (await users(app, 2)) as [Member, Member];
const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<Member>();
const card = '6222021234567890128'; // Luhn-valid test number

t.test('given no approved real name, when ann adds a card, then NOT_ELIGIBLE and nothing is on file', async (t) => {
  const r = await call('POST', '/me/payout-accounts', ann, { kind: 'bank_card', number: card, bank: 'ICBC' });
  t.same([r.status, codeOf(r)], [409, 'NOT_ELIGIBLE']);
  t.same((await call('GET', '/me/payout-accounts', ann)).body, { items: [], max: 2 });
});

t.test('payout accounts of a verified user', async (t) => {
  t.equal((await call('POST', '/me/real-name', ann, { name: '张三丰', idNumber: '11010119900101123X' })).status, 201);
  t.equal((await call('POST', `/admin/real-names/${ann.userId}/approve`, op, {})).status, 200);

  const added = await call('POST', '/me/payout-accounts', ann, { kind: 'bank_card', number: card, bank: 'ICBC' });
  t.equal(added.status, 201);
  t.match(added.body, { kind: 'bank_card', maskedNumber: '****0128', bank: 'ICBC', holder: '张**' });
  t.notOk(JSON.stringify(added.body).includes(card), 'the full number is never answered');
  const log = await app.platform.core.pool.query<{ n: string }>("select count(*) as n from es_events where data::text like '%' || $1 || '%'", [card]);
  t.equal(Number(log.rows[0]?.n ?? -1), 0, 'nor written to the log');

  t.equal(codeOf(await call('POST', '/me/payout-accounts', ann, { kind: 'bank_card', number: '6222021234567890127', bank: 'ICBC' })), 'VALIDATION_FAILED', 'a mistyped card fails Luhn');
  t.equal(codeOf(await call('POST', '/me/payout-accounts', ann, { kind: 'bank_card', number: card, bank: 'ICBC' })), 'CONFLICT', 'the same card twice');
  t.equal((await call('POST', '/me/payout-accounts', ann, { kind: 'alipay', number: '13800138000' })).status, 201);
  t.equal(codeOf(await call('POST', '/me/payout-accounts', ann, { kind: 'alipay', number: 'ann@example.com' })), 'PAYOUT_ACCOUNT_LIMIT');
  const list = (await call('GET', '/me/payout-accounts', ann)).body as { items: { accountId: string; maskedNumber: string }[] };
  t.same(list.items.map((i) => i.maskedNumber), ['****0128', '****8000']);
  t.same((await call('GET', '/me/payout-accounts', bob)).body, { items: [], max: 2 }, 'each user sees their own');

  const cardId = String(added.body['accountId']);
  await t.test('given an account on file, when ann withdraws to it, then the amount is held and the withdrawal names the masked account', async (t) => {
    await recharge(t, app, ann, 5_000);
    const w = await call('POST', '/withdrawals', ann, { asset: 'cash', amount: 2_000, accountId: cardId });
    t.equal(w.status, 201);
    t.equal(await balance(app, ann), 3_000);
    const got = await call('GET', `/withdrawals/${String(w.body['withdrawalId'])}`, ann);
    t.equal(got.body['account'], `bank_card ICBC ****0128 #${cardId}`);
    t.equal(codeOf(await call('POST', '/withdrawals', bob, { asset: 'cash', amount: 1, accountId: cardId })), 'NOT_FOUND', 'not to someone else’s account');
    t.equal((await call('POST', '/withdrawals', ann, { asset: 'cash', amount: 1, accountId: cardId, account: 'x' })).status, 400, 'one of the two');
    t.equal(await balance(app, ann), 3_000);
  });

  await t.test('given an account, when ann removes it, then it is gone and withdrawals cannot name it', async (t) => {
    t.same((await call('DELETE', `/me/payout-accounts/${cardId}`, ann)).body, { accountId: cardId, removed: true });
    t.equal(codeOf(await call('DELETE', `/me/payout-accounts/${cardId}`, ann)), 'NOT_FOUND');
    t.equal(codeOf(await call('POST', '/withdrawals', ann, { asset: 'cash', amount: 100, accountId: cardId })), 'NOT_FOUND');
    const rows = await app.platform.core.pool.query('select 1 from payout_account_numbers where account_id = $1', [cardId]);
    t.equal(rows.rowCount, 0, 'the full number is deleted');
  });

  await auditClean(t, app, 'after a withdrawal to an account on file');
});
