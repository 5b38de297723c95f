// Display numbers under concurrency: N registrations at once get N distinct numbers; a number
// replaced (retired) or taken as a vanity number is never handed to anyone else; users registered
// before numbers existed are numbered by the backfill.
import t from 'tap';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { systemCaller } from '../../../services/app/caller.js';
import { backfillDisplayNumbers, replaceDisplayNumber } from '../../../services/app/displayNumbers.js';
import { build } from '../../support/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cli = systemCaller('cli');

t.test('display numbers', async (t) => {
  const app = await build(t, { DISPLAY_NUMBER_BASE: '20000000' });
  const core = app.platform.core;
  let seq = 0;
  const phone = () => `+86134${String(++seq).padStart(8, '0')}`;
  const numberOf = async (userId: string) => {
    const s = (await core.bus.load(accountDecider, accountStream(userId))).state;
    return s.status === 'registered' ? s.displayNumber : undefined;
  };

  await t.test('given 40 registrations at once, when they finish, then 40 distinct numbers from the base, each searchable', async (t) => {
    const users = await Promise.all(Array.from({ length: 40 }, () => app.signIn(phone())));
    const numbers = await Promise.all(users.map((u) => numberOf(u.userId)));
    t.equal(new Set(numbers).size, 40, 'all distinct');
    t.ok(numbers.every((n) => n !== undefined && /^2[0-9]{7}$/.test(n) && Number(n) >= 20_000_000), 'from the configured base, 8 digits');
    const [first] = users;
    const found = await app.inject({ method: 'GET', url: `/v1/users/search?q=${numbers[0]}`, headers: bearer(first?.token ?? '') });
    t.match(found.json(), { items: [{ userId: first?.userId }] });
  });

  await t.test('given a retired number and a vanity number ahead of the sequence, when more users register, then neither is handed out again', async (t) => {
    const a = await app.signIn(phone());
    const retired = await numberOf(a.userId);
    if (!retired) throw new Error('no number');
    await replaceDisplayNumber(core, cli, { userId: a.userId, displayNumber: '66666' });
    // The sequence's next candidate, taken as someone's vanity number first.
    const next = (await core.pool.query<{ n: number }>('select last_value as n from display_number_seq')).rows[0]?.n ?? 0;
    const ahead = String(20_000_000 + Number(next));
    const b = await app.signIn(phone());
    await replaceDisplayNumber(core, cli, { userId: b.userId, displayNumber: ahead });
    const later = await Promise.all(Array.from({ length: 20 }, () => app.signIn(phone())));
    const numbers = await Promise.all(later.map((u) => numberOf(u.userId)));
    t.notOk(numbers.includes(retired), 'the retired number stays retired');
    t.notOk(numbers.includes(ahead), 'the taken candidate was skipped');
    t.equal(new Set(numbers).size, 20);
    t.equal(await numberOf(a.userId), '66666');
    await t.rejects(replaceDisplayNumber(core, cli, { userId: b.userId, displayNumber: retired }), { code: 'DISPLAY_NUMBER_TAKEN' });
    t.same(await replaceDisplayNumber(core, cli, { userId: a.userId, displayNumber: retired }), { userId: a.userId, displayNumber: retired }, 'its first holder may have it back');
  });

  await t.test('given users registered before numbers existed, when the backfill runs, then each gets one', async (t) => {
    const ids = ['legacy-1', 'legacy-2'];
    for (const id of ids) {
      // Registered the old way: an account with no number (as before this issue).
      await core.bus.handle(accountDecider, accountStream(id), { type: 'RegisterUser', data: { userId: id, phone: `+1555000${id.slice(-1)}`, nickname: id }, metadata: { commandId: `legacy:${id}`, at: new Date().toISOString() } });
    }
    await app.platform.settle();
    t.equal(await numberOf('legacy-1'), undefined);
    await t.rejects(backfillDisplayNumbers(core, { kind: 'anonymous', app: 'core' }), { code: 'UNAUTHENTICATED' });
    const r = await backfillDisplayNumbers(core, cli);
    t.equal(r.assigned, 2);
    t.ok(await numberOf('legacy-1'));
    t.not(await numberOf('legacy-1'), await numberOf('legacy-2'));
    await app.platform.settle();
    t.same(await backfillDisplayNumbers(core, cli), { assigned: 0 }, 'nothing left');
  });
});
