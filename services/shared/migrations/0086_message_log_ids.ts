// A global id for every message (issue #21: 004's logId names one message, so /chat33/deleteMsg and
// /chat33/revokeMsg need only `logId` and `type`): the event-store position of its MessageSent
// event. Numeric, unique across conversations, stable, and growing within a conversation (a
// stream's positions follow its revisions).
//
// - message_log.log_id: written by the messaging projection from `event.position`; existing rows
//   are filled here from es_events (the embedded store) by message id. Rows whose event is not in
//   es_events (another event store) stay null until the messaging read model is rebuilt from the
//   log; a unique index lets a log id find its row (nulls are not compared).
// - conversation_heads.last_message.logId: the head's copy, filled the same way.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table message_log add column log_id bigint;
    update message_log m set log_id = e.position
      from es_events e
     where e.type = 'MessageSent' and e.data->>'messageId' = m.message_id;
    create unique index message_log_by_log_id on message_log (log_id);
    update conversation_heads h set last_message = jsonb_set(h.last_message, '{logId}', to_jsonb(m.log_id))
      from message_log m
     where m.conversation_id = h.conversation_id and m.seq = h.last_seq and m.log_id is not null;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    update conversation_heads set last_message = last_message - 'logId' where last_message->'logId' is not null;
    drop index if exists message_log_by_log_id;
    alter table message_log drop column if exists log_id;
  `);
};
