// Display numbers: the short number people see (001 `heiNum`, 002/003 `IMNo`) ↔ the user it
// names, for search and for facades that address users by number. A replaced number stays as
// `retired` (never someone else's: the claim stream display-number-<n> holds it for its first
// user), and only `active` numbers are found.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Every statement is also safe to repeat.
import type { Projection } from './projection.js';
import { handling, type Db } from './support.js';

const handled = handling(['DisplayNumberAssigned', 'DisplayNumberReplaced'] as const);

const activate = 'insert into display_numbers (display_number, user_id, status, assigned_at) values ($1, $2, $3, $4) on conflict (display_number) do nothing';

export const displayNumbersProjection: Projection = {
  name: 'display_numbers',
  tables: ['display_numbers'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'DisplayNumberAssigned':
        await tx.query(activate, [e.data.displayNumber, e.data.userId, 'active', event.metadata.at]);
        return;
      case 'DisplayNumberReplaced':
        // Retire first: a user has at most one active number (a partial unique index says so).
        await tx.query("update display_numbers set status = 'retired', retired_at = $3 where display_number = $1 and user_id = $2 and status = 'active'", [
          e.data.previous,
          e.data.userId,
          event.metadata.at,
        ]);
        await tx.query(activate, [e.data.displayNumber, e.data.userId, 'active', event.metadata.at]);
        return;
      default:
        return;
    }
  },
};

/** The user an active display number names, or null (unknown or retired). */
export const getUserIdByDisplayNumber = async (db: Db, displayNumber: string): Promise<string | null> => {
  const r = await db.query<{ user_id: string }>("select user_id from display_numbers where display_number = $1 and status = 'active'", [displayNumber]);
  return r.rows[0]?.user_id ?? null;
};

/** The highest number ever assigned within [from, to] (the allocator's repair after a restored sequence). */
export const maxDisplayNumber = async (db: Db, from: number, to: number): Promise<number> => {
  const r = await db.query<{ n: string | number | null }>(
    "select max(display_number::bigint) as n from display_numbers where display_number ~ '^[0-9]{1,15}$' and display_number::bigint between $1 and $2",
    [from, to],
  );
  return Number(r.rows[0]?.n ?? 0);
};
