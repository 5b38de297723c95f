// Internal staff's job titles (004 `position`) and users' company ids (004 `com_id`), from the
// users read model.
import type { Db } from './support.js';

/** The job titles of those of these users who are staff (others are absent). */
export const staffPositions = async (db: Db, userIds: readonly string[]): Promise<Map<string, string>> => {
  if (userIds.length === 0) return new Map();
  const r = await db.query<{ user_id: string; staff_position: string }>('select user_id, staff_position from users where user_id = any($1::text[]) and staff_position is not null', [[...new Set(userIds)]]);
  return new Map(r.rows.map((x) => [x.user_id, x.staff_position]));
};

export interface StaffCard {
  nickname: string;
  avatarUrl: string | null;
  /** The job title when staff, else null. */
  staffPosition: string | null;
  companyId: string | null;
}

/** Names, avatars, titles and company ids of the users that exist; unknown ids are absent. */
export const staffCards = async (db: Db, userIds: readonly string[]): Promise<Map<string, StaffCard>> => {
  if (userIds.length === 0) return new Map();
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null; staff_position: string | null; company_id: string | null }>(
    'select user_id, nickname, avatar_url, staff_position, company_id from users where user_id = any($1::text[])',
    [[...new Set(userIds)]],
  );
  return new Map(r.rows.map((x) => [x.user_id, { nickname: x.nickname, avatarUrl: x.avatar_url, staffPosition: x.staff_position, companyId: x.company_id }]));
};
