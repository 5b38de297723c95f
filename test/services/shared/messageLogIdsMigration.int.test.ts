// Migration 0086 (#21): message_log.log_id and the heads' last_message.logId are filled for rows
// written before log ids, from es_events (the MessageSent event's position), and the unique index
// finds a row by it.
import knexOf from 'knex';
import t from 'tap';
import { down, up } from '../../../services/shared/migrations/0086_message_log_ids.js';
import { build } from '../../support/app.js';

const app = await build(t);
const pool = app.platform.pool;
// A real knex, as the migrator runs it (its raw() reads `?` as a binding).
const knex = knexOf({ client: 'pg', connection: app.platform.config.DATABASE_URL });
t.teardown(() => knex.destroy());
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('given messages written before log ids, when 0086 runs, then each row and head gets its MessageSent position', async (t) => {
  const [ann, bob] = [await app.signIn('+8613933000001'), await app.signIn('+8613933000002')];
  const dm = `dm:${[ann.userId, bob.userId].sort().join(':')}`;
  const ids: number[] = [];
  for (const c of ['a', 'b', 'c']) {
    const r = await app.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages`, headers: auth(ann.token), payload: { clientMsgId: c, msgType: 'text', body: { text: c } } });
    ids.push(r.json<{ logId: number }>().logId);
  }
  await app.platform.settle();

  await down(knex);
  const columns = await pool.query("select 1 from information_schema.columns where table_name = 'message_log' and column_name = 'log_id'");
  t.equal(columns.rowCount, 0, 'down drops the column');
  const head = async () => (await pool.query<{ m: Record<string, unknown> }>('select last_message as m from conversation_heads where conversation_id = $1', [dm])).rows[0]?.m;
  t.notOk((await head())?.['logId'], 'and the head\'s copy');

  await up(knex);
  const rows = await pool.query<{ log_id: string }>('select log_id from message_log where conversation_id = $1 order by seq', [dm]);
  t.same(rows.rows.map((r) => Number(r.log_id)), ids, 'every row has the position its send answered');
  const events = await pool.query<{ position: string }>("select position from es_events where type = 'MessageSent' and data->>'conversationId' = $1 order by position", [dm]);
  t.same(events.rows.map((r) => Number(r.position)), ids, 'which is its MessageSent event\'s position');
  t.equal((await head())?.['logId'], ids[2], 'the head names its last message\'s log id');
  const byId = await app.inject({ method: 'GET', url: `/v1/messages/by-log-id/${ids[1]}`, headers: auth(bob.token) });
  t.match(byId.json(), { conversationId: dm, seq: 2, logId: ids[1] }, 'a log id finds its message again');
  const dup = await pool.query('insert into message_log (conversation_id, seq, message_id, client_msg_id, from_id, msg_type, body, at, log_id) values ($1, 99, $2, $3, $4, $5, $6, now(), $7) on conflict do nothing', [dm, 'x-dup', 'x', ann.userId, 'text', '{}', ids[0]]);
  t.equal(dup.rowCount, 0, 'the unique index keeps one message per log id');
});
