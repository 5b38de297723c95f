import type pg from 'pg';
import type { Tx } from '../../../projections/projection.js';
import { inline } from '../postgres/deferred.js';
import { ASYNC_COMMIT } from '../postgres/pool.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Whoever writes a consumer's checkpoint holds this transaction-level lock first (a projector
 * per batch, a rebuild's swap), so two instances never apply the same batch. It is an advisory
 * lock, not `select ... for update`, on purpose: a row lock gives the transaction an xid at
 * once, and an open transaction with an xid holds back the log's visible prefix (see the
 * event store's VISIBLE) for every reader until it commits. This way the xid comes with the
 * batch's first write, in the round trip that also commits.
 */
export const lockCheckpointSql = (name: string): string => inline('select pg_advisory_xact_lock(4243, hashtext($1))', [name]);

/** SQLSTATE of consumer_checkpoint_expect (migration 0009) when the checkpoint has moved. */
export const CHECKPOINT_MOVED = 'MR001';

/** SQL that fails with CHECKPOINT_MOVED unless every named checkpoint is at its position (run it under their locks). */
export const expectCheckpointsSql = (partition: string, at: readonly { name: string; position: number }[]): string =>
  inline('select consumer_checkpoint_expect($1::text[], $2, $3::bigint[])', [at.map((x) => x.name), partition, at.map((x) => x.position)]);

export const loadCheckpoint = async (db: Queryable, name: string, partition: string): Promise<number> => {
  const r = await db.query<{ position: string | number }>('select position from consumer_checkpoints where name = $1 and partition = $2', [name, partition]);
  return Number(r.rows[0]?.position ?? 0);
};

/**
 * Records how far a consumer got. With durable: false the statement commits without waiting for
 * the WAL flush (for consumers whose effects are idempotent: a lost checkpoint only repeats work).
 */
export const saveCheckpoint = (db: Tx, name: string, partition: string, position: number, opts: { durable?: boolean } = {}): Promise<void> =>
  saveCheckpoints(db, partition, [{ name, position }], opts);

/** Several consumers' checkpoints in one statement (a projector group's read models). */
export const saveCheckpoints = async (
  db: Tx,
  partition: string,
  at: readonly { name: string; position: number }[],
  opts: { durable?: boolean } = {},
): Promise<void> => {
  if (at.length === 0) return;
  const setting = opts.durable === false ? `, ${ASYNC_COMMIT}` : '';
  await db.query(
    `insert into consumer_checkpoints (name, partition, position, updated_at)
     select v.name, $2, v.position, now() from unnest($1::text[], $3::bigint[]) as v(name, position)${setting}
     on conflict (name, partition) do update set position = excluded.position, updated_at = now()`,
    [at.map((x) => x.name), partition, at.map((x) => x.position)],
  );
};
