// Identity (issue #16): how sessions end, credentials, display-number candidates, the real-name
// vault, push devices and PC QR logins. These are platform tables, not read models: what they hold
// is not in the event log, on purpose.
//
// - sessions: a session belongs to an app and a device kind (one per (user, app, device kind)
//   where an app's policy says so), and ends (revoked_at, ended_reason) instead of being deleted,
//   so a client using an ended token learns why (signed out, replaced by a newer sign-in, ...).
// - credentials: the scrypt hash of the canonical password (md5 hex of the password) and the
//   counted failures of the current window. Not an event: the log lasts for ever, is exported to
//   auditors and Kafka, and a leaked hash of a weak password can be cracked offline.
// - display_number_seq: candidates for new users' display numbers (the claim stream
//   display-number-<n> decides who holds a number; the sequence only keeps racers apart cheaply).
// - real_name_identities: the full name and identity number, which the log holds only masked;
//   one number per account unless that account's review was rejected.
// - push_devices: delivery addresses of a user's devices; one (platform, token) belongs to one
//   device of one user (a phone passed on to another account stops getting the first one's
//   notices).
// - qr_logins: short-lived PC sign-in requests that a signed-in phone confirms.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table sessions
      add column session_id text,
      add column app text not null default 'core',
      add column device_kind text not null default 'other',
      add column revoked_at timestamptz,
      add column ended_reason text;
    update sessions set session_id = 'legacy-' || substr(token_hash, 1, 24);
    alter table sessions alter column session_id set not null;
    create unique index sessions_session_id on sessions (session_id);
    create index sessions_live on sessions (user_id, app, device_kind) where revoked_at is null;

    create table credentials (
      user_id text primary key,
      password_hash text not null,
      updated_at timestamptz not null,
      failed_attempts int not null default 0,
      window_started_at timestamptz
    );

    create sequence display_number_seq;

    create table real_name_identities (
      user_id text primary key,
      real_name text not null,
      id_number text not null,
      status text not null,
      submitted_at timestamptz not null,
      decided_at timestamptz
    );
    create unique index real_name_identities_number on real_name_identities (id_number) where status <> 'rejected';
    create index real_name_identities_status on real_name_identities (status, submitted_at);

    create table push_devices (
      user_id text not null,
      device_id text not null,
      platform text not null,
      token text not null,
      device_kind text not null,
      updated_at timestamptz not null,
      primary key (user_id, device_id)
    );
    create unique index push_devices_token on push_devices (platform, token);

    create table qr_logins (
      qr_id text primary key,
      poll_hash text not null,
      app text not null,
      device_kind text not null,
      status text not null,
      user_id text,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index qr_logins_expires on qr_logins (expires_at);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    drop table if exists qr_logins, push_devices, real_name_identities, credentials;
    drop sequence if exists display_number_seq;
    drop index if exists sessions_live;
    drop index if exists sessions_session_id;
    alter table sessions drop column ended_reason, drop column revoked_at, drop column device_kind, drop column app, drop column session_id;
  `);
};
