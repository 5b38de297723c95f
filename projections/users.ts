// Users: profiles by id and by phone, for /v1/me, public profiles, login, search and nicknames
// in rankings. RoleGranted also fills the platform `roles` table the API's auth reads. A phone
// arrives with the registration or later (PhoneBound, for third-party sign-ups); `search_mobile`
// mirrors the owner's privacy switch, so a search by phone never finds who said no.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Every statement is also safe to repeat.
import { renderMediaRef } from './media.js';
import type { Projection } from './projection.js';
import { handling, type Db } from './support.js';

const handled = handling(['UserRegistered', 'ProfileUpdated', 'RoleGranted', 'PhoneBound', 'PrivacyChanged', 'ProfileDetailsUpdated', 'StaffPositionSet', 'CompanyIdSet'] as const);

export const usersProjection: Projection = {
  name: 'users',
  tables: ['users', 'roles'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'UserRegistered':
        await tx.query('insert into users (user_id, phone, nickname, created_at) values ($1, $2, $3, $4) on conflict do nothing', [
          e.data.userId,
          e.data.phone ?? null,
          e.data.nickname,
          event.metadata.at,
        ]);
        return;
      case 'ProfileUpdated':
        await tx.query('update users set nickname = coalesce($2, nickname), avatar_url = coalesce($3, avatar_url) where user_id = $1', [
          e.data.userId,
          e.data.nickname ?? null,
          e.data.avatarUrl === undefined ? null : renderMediaRef(e.data.avatarUrl),
        ]);
        return;
      case 'RoleGranted':
        await tx.query('insert into roles (user_id, role) values ($1, $2) on conflict do nothing', [e.data.userId, e.data.role]);
        return;
      case 'PhoneBound':
        await tx.query('update users set phone = $2 where user_id = $1', [e.data.userId, e.data.phone]);
        return;
      case 'PrivacyChanged':
        if (e.data.searchMobile !== undefined) await tx.query('update users set search_mobile = $2 where user_id = $1', [e.data.userId, e.data.searchMobile]);
        return;
      case 'ProfileDetailsUpdated': {
        // Sex and birthday, for the nearby filters; the other details are read from the account.
        const { sex, birthday } = e.data;
        if (sex !== undefined) await tx.query('update users set sex = $2 where user_id = $1', [e.data.userId, sex]);
        if (birthday !== undefined) await tx.query('update users set birthday = $2::date where user_id = $1', [e.data.userId, birthday]);
        return;
      }
      case 'StaffPositionSet':
        await tx.query('update users set staff_position = $2 where user_id = $1', [e.data.userId, e.data.position]);
        return;
      case 'CompanyIdSet':
        await tx.query('update users set company_id = $2 where user_id = $1', [e.data.userId, e.data.companyId]);
        return;
      default:
        return;
    }
  },
};

export interface User {
  userId: string;
  nickname: string;
  /** Null for an account made by a third-party login that has bound no phone yet. */
  phone: string | null;
  avatarUrl: string | null;
}

export const getUser = async (db: Db, userId: string): Promise<User | null> => {
  const r = await db.query<{ user_id: string; nickname: string; phone: string | null; avatar_url: string | null }>(
    'select user_id, nickname, phone, avatar_url from users where user_id = $1',
    [userId],
  );
  const row = r.rows[0];
  return row ? { userId: row.user_id, nickname: row.nickname, phone: row.phone, avatarUrl: row.avatar_url } : null;
};

export const getUserIdByPhone = async (db: Db, phone: string): Promise<string | null> => {
  const r = await db.query<{ user_id: string }>('select user_id from users where phone = $1', [phone]);
  return r.rows[0]?.user_id ?? null;
};

/** Nicknames of the users that exist; unknown ids are absent from the map. */
export const getNicknames = async (db: Db, userIds: readonly string[]): Promise<Map<string, string>> => {
  if (userIds.length === 0) return new Map();
  const r = await db.query<{ user_id: string; nickname: string }>('select user_id, nickname from users where user_id = any($1::text[])', [[...new Set(userIds)]]);
  return new Map(r.rows.map((row) => [row.user_id, row.nickname]));
};

/** The users with one of these phones who let others find them by it (`searchMobile`). */
export const findUsersByPhone = async (db: Db, phones: readonly string[]): Promise<string[]> => {
  if (phones.length === 0) return [];
  const r = await db.query<{ user_id: string }>('select user_id from users where phone = any($1::text[]) and search_mobile order by user_id', [[...new Set(phones)]]);
  return r.rows.map((row) => row.user_id);
};

/** Those of these users who let others find them by phone (`searchMobile`). */
export const findableByPhone = async (db: Db, userIds: readonly string[]): Promise<string[]> => {
  if (userIds.length === 0) return [];
  const r = await db.query<{ user_id: string }>('select user_id from users where user_id = any($1::text[]) and search_mobile', [[...new Set(userIds)]]);
  return r.rows.map((row) => row.user_id);
};
