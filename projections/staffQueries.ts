// Internal staff's job titles (004 `position`), from the users read model.
import type { Db } from './support.js';

/** The job titles of those of these users who are staff (others are absent). */
export const staffPositions = async (db: Db, userIds: readonly string[]): Promise<Map<string, string>> => {
  if (userIds.length === 0) return new Map();
  const r = await db.query<{ user_id: string; staff_position: string }>('select user_id, staff_position from users where user_id = any($1::text[]) and staff_position is not null', [[...new Set(userIds)]]);
  return new Map(r.rows.map((x) => [x.user_id, x.staff_position]));
};
