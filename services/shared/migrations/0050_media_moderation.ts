// Read models of media and moderation: `media` (what an upload is: owner, kind, sniffed type,
// size, dimensions, object keys), `reports` (one row per reporter and subject; its last filing)
// and `reviews` (the operators' queue and what an owner's pending avatar is). The bytes live in
// object storage (services/shared/objects/), never here.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table media (
      media_id text primary key,
      owner_id text not null,
      kind text not null,
      mime text not null,
      size bigint not null,
      sha256 text not null,
      object_key text not null,
      thumbnail_key text,
      width int,
      height int,
      duration_ms bigint,
      name text,
      created_at timestamptz not null,
      position bigint not null
    );
    create index media_owner on media (owner_id, position desc);

    create table reports (
      report_id text primary key,
      reporter_id text not null,
      subject_type text not null,
      subject_id text not null,
      reason text not null,
      note text,
      status text not null,
      filings int not null,
      resolution text,
      resolution_note text,
      operator_id text,
      filed_at timestamptz not null,
      resolved_at timestamptz,
      position bigint not null
    );
    create index reports_queue on reports (status, position desc);
    create index reports_subject on reports (subject_type, subject_id);

    create table reviews (
      review_id text primary key,
      kind text not null,
      owner_id text not null,
      subject_id text not null,
      media_id text,
      status text not null,
      reason text,
      operator_id text,
      requested_at timestamptz not null,
      decided_at timestamptz,
      position bigint not null
    );
    create index reviews_queue on reviews (status, kind, position);
    create index reviews_owner on reviews (owner_id, kind, position desc);
    create index reviews_media on reviews (media_id) where media_id is not null;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists reviews; drop table if exists reports; drop table if exists media');
};
