// One transaction on a client of the pool: begin, the work, commit. Whatever the work throws rolls
// it back (a failing rollback is ignored: the error worth reporting is the first one) and the
// client always goes back to the pool, so a refused request never leaves a connection mid-
// transaction or holding its advisory locks.
import type pg from 'pg';

export const inTransaction = async <T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
};
