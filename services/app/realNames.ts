// Real-name verification (002/003 `updateAuth`, `isAuth` 0-3): a user submits a name and an
// identity number, an operator reviews them (the /v1 admin route or `npm run admin -- real-name`,
// through the same use case) and approves or rejects.
//
// Where the values live: the account's log keeps them masked (domain/account/realName.ts); the full
// name and number are in `real_name_identities`, a vault table only the review reads, because an
// operator must compare them with the document and one identity number may verify one account
// (ID_NUMBER_TAKEN, 003 code 2). A rejected submission frees its number. Encrypting the vault at
// rest with a configured key is left for the deployment issue.
//
// A submission writes the vault row and the event under one transaction and a per-user lock: the
// row commits only if the event was appended, and two submissions of one user take turns (the
// second finds the first pending). A crash between the append and the commit leaves the account
// pending with no vault row; the operator rejects it and the user submits again.
import { accountDecider, accountStream, realNameOf } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { inTransaction } from '../shared/postgres/transaction.js';
import { notFound } from './access.js';
import { actingUser, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

export type RealNameReviewStatus = 'pending' | 'approved' | 'rejected';

const isUniqueViolation = (err: unknown) => (err as { code?: unknown }).code === '23505';

export const submitRealName = async (core: Core, caller: Caller, input: { name: string; idNumber: string }, opts: CommandOptions = {}) => {
  const v = realNameOf(input);
  // The idempotency record hashes the masked values only: the full ones stay in the vault.
  return runCommand(core, caller, 'submitRealName', { maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber }, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const r = await inTransaction(core.pool, async (client) => {
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 16))', [`real-name:${user.userId}`]);
      const account = await core.bus.load(accountDecider, accountStream(user.userId));
      if (account.state.status !== 'registered') throw notFound('user');
      if (account.state.realName.status === 'pending' || account.state.realName.status === 'approved') {
        throw new CodedError('CONFLICT', account.state.realName.status === 'pending' ? 'a verification is already under review' : 'this account is already verified', { status: account.state.realName.status });
      }
      await client
        .query(
          `insert into real_name_identities (user_id, real_name, id_number, status, submitted_at) values ($1, $2, $3, 'pending', $4)
           on conflict (user_id) do update set real_name = excluded.real_name, id_number = excluded.id_number, status = 'pending', submitted_at = excluded.submitted_at, decided_at = null`,
          [user.userId, v.name, v.idNumber, core.clock()],
        )
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? new CodedError('ID_NUMBER_TAKEN', 'this identity number verifies another account', { field: 'idNumber' }) : err;
        });
      return core.bus.handle(accountDecider, accountStream(user.userId), {
        type: 'SubmitRealName',
        data: { userId: user.userId, maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber },
        metadata: meta,
      });
    });
    await settled(core, r);
    return { status: 'pending' as const, maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber };
  });
};

/** Operators: submissions with their full values, oldest first. */
export const listRealNames = async (core: Core, caller: Caller, input: { status: RealNameReviewStatus; limit: number; cursor?: string }) => {
  requireRole(caller, 'operator');
  const after = input.cursor === undefined ? null : Buffer.from(input.cursor, 'base64url').toString('utf8');
  const r = await core.pool.query<{ user_id: string; real_name: string; id_number: string; status: RealNameReviewStatus; submitted_at: Date; decided_at: Date | null }>(
    `select user_id, real_name, id_number, status, submitted_at, decided_at from real_name_identities
      where status = $1 and ($2::text is null or (submitted_at, user_id) > (select submitted_at, user_id from real_name_identities where user_id = $2))
      order by submitted_at, user_id limit $3`,
    [input.status, after, input.limit + 1],
  );
  const rows = r.rows.slice(0, input.limit);
  const last = rows.at(-1);
  return {
    items: rows.map((x) => ({ userId: x.user_id, name: x.real_name, idNumber: x.id_number, status: x.status, submittedAt: x.submitted_at.toISOString(), decidedAt: x.decided_at?.toISOString() ?? null })),
    nextCursor: r.rows.length > input.limit && last ? Buffer.from(last.user_id).toString('base64url') : null,
  };
};

export const decideRealName = (core: Core, caller: Caller, input: { userId: string; decision: 'approve' | 'reject'; reason?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'decideRealName', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), {
      type: 'DecideRealName',
      data: input,
      metadata: { ...meta, userId: meta.userId ?? actingUser(caller) ?? 'operator' },
    });
    const status: RealNameReviewStatus = input.decision === 'approve' ? 'approved' : 'rejected';
    await core.pool.query('update real_name_identities set status = $2, decided_at = $3 where user_id = $1', [input.userId, status, core.clock()]);
    await settled(core, r);
    return { userId: input.userId, status };
  });
