// Reads for online counts (services/app/presence.ts): a group's member ids and a user's group ids,
// from the groups read model (group_members), ids only.
import type { Db } from './support.js';

/** Every member of a group (ids only; a group has at most a few thousand). */
export const groupMemberIds = async (db: Db, groupId: string): Promise<string[]> =>
  (await db.query<{ user_id: string }>('select user_id from group_members where group_id = $1', [groupId])).rows.map((r) => r.user_id);

/** The groups a user is in (ids only), at most `limit`. */
export const userGroupIds = async (db: Db, userId: string, limit: number): Promise<string[]> =>
  (await db.query<{ group_id: string }>('select group_id from group_members where user_id = $1 limit $2', [userId, limit])).rows.map((r) => r.group_id);
