// Content favorites (003/002 /favorite/*): a saved item as the client sent it, with no message
// behind it. They share the `favorites` read model with message favorites (one list, one cursor),
// so a row has either a message reference (conversation_id, seq) or content (category, content,
// from_*). A projection (projections/messaging.ts): a rebuild refills it from the inbox streams.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table favorites
      alter column conversation_id drop not null,
      alter column seq drop not null,
      add column category text,
      add column content text,
      add column from_id text,
      add column from_name text,
      add column from_head_url text;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    delete from favorites where conversation_id is null;
    alter table favorites
      drop column category, drop column content, drop column from_id, drop column from_name, drop column from_head_url,
      alter column conversation_id set not null,
      alter column seq set not null;
  `);
};
