// Names and avatars of many users at once (senders of a page of messages, members of a group):
// one statement over the users read model.
import type { Db } from './support.js';

export interface PersonCard {
  nickname: string;
  avatarUrl: string | null;
}

/** The cards of the users that exist; unknown ids are absent from the map. */
export const getPeople = async (db: Db, userIds: readonly string[]): Promise<Map<string, PersonCard>> => {
  if (userIds.length === 0) return new Map();
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null }>('select user_id, nickname, avatar_url from users where user_id = any($1::text[])', [[...new Set(userIds)]]);
  return new Map(r.rows.map((row) => [row.user_id, { nickname: row.nickname, avatarUrl: row.avatar_url }]));
};
