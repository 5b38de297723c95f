// Migration 0097's backfill: rows projected before the join method existed read it off `via` as
// the projection now writes it (none for the creator, even after a hand-over; invitation for the
// invited and those listed at creation; request for whoever asked), and down/up leaves the read
// model as a rebuild would.
import knex from 'knex';
import t from 'tap';
import { down, up } from '../../../../services/shared/migrations/0097_group_member_records.js';
import { build } from '../../../support/app.js';
import { api, users, type Member } from '../../../support/groups.js';

const app = await build(t);
const call = api(app);
const [ann, bob, cat, dan] = (await users(app, 4)) as [Member, Member, Member, Member];
const groupId = String((await call('POST', '/groups', ann, { name: 'g', memberIds: [bob.userId] })).body.groupId);
await call('POST', `/groups/${groupId}/join`, cat, {});
await call('POST', `/groups/${groupId}/members`, ann, { userIds: [dan.userId] });
// The creator hands the group to bob and stays as an admin: the backfill must still know him.
await call('POST', `/groups/${groupId}/ownership-offer`, ann, { userId: bob.userId });
await call('POST', `/groups/${groupId}/ownership-offer/accept`, bob, {});
await app.platform.settle();

const methods = async () =>
  Object.fromEntries((await app.platform.pool.query<{ user_id: string; join_method: string | null }>('select user_id, join_method from group_members where group_id = $1', [groupId])).rows.map((r) => [r.user_id, r.join_method]));

t.test('given rows the projection wrote, when the migration is undone and applied again, then the backfill gives the same join methods', async (t) => {
  const roles = (await app.platform.pool.query<{ role: string }>('select role from group_members where group_id = $1 and user_id = $2', [groupId, ann.userId])).rows;
  t.same(roles, [{ role: 'admin' }], 'the creator handed the group over');
  const projected = await methods();
  t.same(projected, { [ann.userId]: null, [bob.userId]: 'invitation', [cat.userId]: 'request', [dan.userId]: 'invitation' });
  const db = knex({ client: 'pg', connection: app.platform.config.DATABASE_URL });
  t.teardown(() => db.destroy());
  await down(db);
  await up(db);
  t.same(await methods(), projected);
});
