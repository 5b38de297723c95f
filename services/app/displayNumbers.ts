// Display numbers: one short number per user (001 `heiNum` = 002/003 `IMNo`), assigned at
// registration, unique, and never given to anyone else once used.
//
// Candidates come from a PostgreSQL sequence (display_number_seq, from DISPLAY_NUMBER_BASE), so
// concurrent registrations draw different numbers without contending; the claim stream
// display-number-<n> is what decides (a number claimed once is held by that user for ever), so a
// candidate someone already holds (a vanity number, or a sequence restored from an old backup) is
// skipped. A candidate claimed and then not assigned (a crash between the two, or a racing
// registration of the same user) stays claimed by that user and unused: numbers are skipped,
// never handed out twice.
//
// Users registered before numbers existed get theirs at their next sign-in or reading of their
// own profile, or all at once with `npm run admin -- backfill-display-numbers`.
import { accountDecider, accountStream } from '../../domain/account.js';
import { displayNumberDecider, displayNumberStream } from '../../domain/displayNumber.js';
import { CodedError } from '../../domain/errors.js';
import { maxDisplayNumber } from '../../projections/queries.js';
import { notFound, requireUserExists } from './access.js';
import { requireRole, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

const MAX_DRAWS = 20;

const draw = async (core: Core): Promise<string> => {
  const r = await core.pool.query<{ n: number }>("select nextval('display_number_seq') as n");
  return String(core.config.DISPLAY_NUMBER_BASE + Number(r.rows[0]?.n ?? 0) - 1);
};

/** After a taken candidate: move the sequence past the numbers it already handed out (a restored database). */
const repairSequence = async (core: Core): Promise<void> => {
  const base = core.config.DISPLAY_NUMBER_BASE;
  const highest = await maxDisplayNumber(core.pool, base, base * 10 - 1);
  if (highest >= base) await core.pool.query("select setval('display_number_seq', greatest($1::bigint, (select last_value from display_number_seq)))", [highest - base + 1]);
};

/** The user's display number, assigned now if they have none. */
export const ensureDisplayNumber = async (core: Core, userId: string): Promise<string> => {
  const account = await core.bus.load(accountDecider, accountStream(userId));
  if (account.state.status !== 'registered') throw notFound('user', { userId });
  if (account.state.displayNumber !== undefined) return account.state.displayNumber;
  for (let i = 0; i < MAX_DRAWS; i++) {
    const n = await draw(core);
    const claim = await core.bus.handle(displayNumberDecider, displayNumberStream(n), {
      type: 'ClaimDisplayNumber',
      data: { displayNumber: n, userId },
      metadata: systemMetadata(core, `display-number:${n}:${userId}`),
    });
    if (claim.state.status !== 'claimed' || claim.state.userId !== userId) {
      if (i === 0) await repairSequence(core);
      continue;
    }
    const r = await core.bus.handle(accountDecider, accountStream(userId), {
      type: 'AssignDisplayNumber',
      data: { userId, displayNumber: n },
      metadata: systemMetadata(core, `assign-display-number:${userId}:${n}`),
    });
    await settled(core, claim, r);
    if (r.state.status === 'registered' && r.state.displayNumber !== undefined) return r.state.displayNumber;
  }
  throw new Error(`no free display number in ${MAX_DRAWS} draws`);
};

/**
 * Gives a user another number: the seam for vanity numbers bought later (a money-products issue
 * will call this from a paid order). The old number is retired: it stays claimed by this user, so
 * nobody else ever gets it. Operators only, for now.
 */
export const replaceDisplayNumber = (core: Core, caller: Caller, input: { userId: string; displayNumber: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'replaceDisplayNumber', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    await requireUserExists(core, input.userId);
    const claim = await core.bus.handle(displayNumberDecider, displayNumberStream(input.displayNumber), {
      type: 'ClaimDisplayNumber',
      data: { displayNumber: input.displayNumber, userId: input.userId },
      metadata: meta,
    });
    if (claim.state.status !== 'claimed' || claim.state.userId !== input.userId) {
      throw new CodedError('DISPLAY_NUMBER_TAKEN', 'this number is or was someone else’s', { displayNumber: input.displayNumber });
    }
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), { type: 'ReplaceDisplayNumber', data: input, metadata: meta });
    await settled(core, claim, r);
    return { userId: input.userId, displayNumber: r.state.status === 'registered' ? (r.state.displayNumber ?? input.displayNumber) : input.displayNumber };
  });

/** Assigns a number to every user the users read model lists without one; answers how many. */
export const backfillDisplayNumbers = async (core: Core, caller: Caller): Promise<{ assigned: number }> => {
  requireRole(caller, 'operator');
  let assigned = 0;
  for (;;) {
    const r = await core.pool.query<{ user_id: string }>(
      `select u.user_id from users u
        where not exists (select 1 from display_numbers d where d.user_id = u.user_id and d.status = 'active')
        order by u.user_id limit 200`,
    );
    let progressed = 0;
    for (const row of r.rows) {
      const before = await core.bus.load(accountDecider, accountStream(row.user_id));
      if (before.state.status !== 'registered' || before.state.displayNumber !== undefined) continue;
      await ensureDisplayNumber(core, row.user_id);
      progressed++;
    }
    assigned += progressed;
    // Rows already numbered in the log but not yet in the read model are left for it to catch up.
    if (r.rows.length < 200 || progressed === 0) return { assigned };
  }
};
