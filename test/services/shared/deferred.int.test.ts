// Deferred statements (parameters written in as literals) must store exactly what the same
// statements with bound parameters store, for every kind of value a read model writes.
import t, { type Test } from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { deferredTx, inline } from '../../../services/shared/postgres/deferred.js';

const awkward = ["plain", "it's", 'back\\slash', 'comma,brace{}', 'quote"d', '', 'NULL', 'null', '日本語 🎁', '$1 and $$', 'line\nbreak'];

/** A fresh embedded database for one test, gone at its end. */
const database = async (t: Test) => {
  const db = await startTestDatabase();
  const pool = createPool({ connectionString: db.url, max: 2 });
  t.teardown(async () => {
    await pool.end();
    await db.stop();
  });
  return pool;
};

const rows: unknown[][] = [
  ['text', awkward],
  ['bigint', [0, -1, 9_007_199_254_740_991, 42]],
  ['int', [1, 2, null, 3]],
  ['jsonb', [JSON.stringify({ a: "it's", b: [1, null, 'x\\y'], c: { d: '日本' } }), JSON.stringify('str'), JSON.stringify(null)]],
  ['timestamptz', ['2026-11-23T20:00:00.123Z', '1999-12-31T23:59:59.999Z']],
  ['boolean', [true, false, null]],
];

t.test('given awkward values, when written in as literals, then PostgreSQL reads what bound parameters give', async (t) => {
  const pool = await database(t);

  for (const [type, values] of rows) {
    const sql = `select v, $2::text as tag, $3::int as n from unnest($1::${String(type)}[]) with ordinality as x(v, i) order by i`;
    const params = [values, `tag '${String(type)}'`, 7];
    const bound = await pool.query(sql, params);
    const literal = await pool.query(inline(sql, params));
    t.same(literal.rows, bound.rows, `${String(type)}[] round-trips`);
  }

  // Scalars too, including an object (stored as JSON) and null.
  const scalar = 'select $1::text as a, $2::jsonb as b, $3::bigint as c, $4::text as d';
  const params = ["o'clock", { nested: ["it's", 1] }, 123, null];
  t.same((await pool.query(inline(scalar, params))).rows, (await pool.query(scalar, params)).rows, 'scalars round-trip');
});

t.test('given collected statements, when sent as one query, then they run in order in one round trip', async (t) => {
  const pool = await database(t);
  await pool.query('create table notes (id int primary key, body text)');
  const tx = deferredTx();
  await tx.query('insert into notes (id, body) values ($1, $2)', [1, "first's"]);
  await tx.query('update notes set body = body || $2 where id = $1', [1, ' + second']);
  await tx.query('insert into notes (id, body) select * from unnest($1::int[], $2::text[])', [[2, 3], ['two', null]]);
  await pool.query(`begin; ${tx.text()} commit`);
  const r = await pool.query('select id, body from notes order by id');
  t.same(r.rows, [
    { id: 1, body: "first's + second" },
    { id: 2, body: 'two' },
    { id: 3, body: null },
  ]);
});

t.test('given a statement that names a parameter it was not given, then inlining refuses', async (t) => {
  t.throws(() => inline('select $1, $2', [1]), /\$2/);
});
