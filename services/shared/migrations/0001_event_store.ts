// The event store: one global log (events) and the current revision per stream (streams).
//
// Guarantees and why they hold:
// - A stream's revisions are gap-free from 0: appenders of one stream are serialized by a
//   transaction-level advisory lock on the stream id, and (stream_id, revision) is unique.
// - Readers of the global log never skip an event that commits late. Concurrent appends commit
//   out of position order, so readers only see rows whose transaction is older than every
//   transaction still in flight (tx < pg_snapshot_xmin). That filter yields a gap-free prefix
//   only if position order equals transaction-id order, so es_append takes its transaction id
//   and its positions together under a short session-level advisory lock, released at once
//   (not held to commit: appends to different streams still commit in parallel).
// - Per stream, position order equals revision order: positions are taken after the stream lock.
// - A retried append (same event ids, same place) returns the original result and writes nothing.
// - Wake-ups (LISTEN/NOTIFY) are sent by the adapter after commit, not by es_append (see below).
import type { Knex } from 'knex';

const upSql = `
create table es_streams (
  stream_id text primary key,
  revision bigint not null
);

create sequence es_events_position_seq as bigint;

create table es_events (
  position bigint primary key,
  stream_id text not null,
  revision bigint not null,
  event_id uuid not null unique,
  type text not null,
  data jsonb not null,
  metadata jsonb not null,
  tx xid8 not null default pg_current_xact_id(),
  unique (stream_id, revision)
);

-- Raises EVWER (wrong expected revision; hint = actual revision or empty for no stream) or
-- EVIDS (event ids already stored at another place; hint = actual revision).
create function es_append(
  p_stream text, p_expected text, p_expected_revision bigint,
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) returns table (next_revision bigint, last_position bigint)
language plpgsql as $$
declare
  n int := cardinality(p_ids);
  v_current bigint;
  v_exists boolean;
  v_first bigint;
  v_tx xid8;
  v_positions bigint[];
  v_found int;
  v_same_place boolean;
  v_stored_first bigint;
  v_stored_last_position bigint;
begin
  if n is null or n = 0 then
    raise exception 'es_append needs at least one event';
  end if;
  if pg_current_xact_id_if_assigned() is not null then
    -- Our transaction id would predate our positions and break the readers' prefix rule.
    raise exception 'es_append must be the first write of its transaction';
  end if;

  perform pg_advisory_xact_lock(hashtextextended(p_stream, 0));
  select s.revision into v_current from es_streams s where s.stream_id = p_stream;
  v_exists := found;

  -- Same place: every id stored, in this stream, contiguous and in the order given.
  select count(*), coalesce(bool_and(e.stream_id = p_stream), false) and count(distinct e.revision - x.ord) = 1,
         min(e.revision), max(e.position)
    into v_found, v_same_place, v_stored_first, v_stored_last_position
    from unnest(p_ids) with ordinality as x(id, ord)
    join es_events e on e.event_id = x.id;
  if v_found > 0 then
    if v_found = n and v_same_place
       and (p_expected <> 'no_stream' or v_stored_first = 0)
       and (p_expected <> 'exact' or v_stored_first = p_expected_revision + 1) then
      return query select v_stored_first + n - 1, v_stored_last_position;
      return;
    end if;
    raise exception 'stream %: event ids already stored at another place', p_stream
      using errcode = 'EVIDS', hint = coalesce(v_current::text, '');
  end if;

  if (p_expected = 'no_stream' and v_exists)
     or (p_expected = 'stream_exists' and not v_exists)
     or (p_expected = 'exact' and (not v_exists or v_current <> p_expected_revision)) then
    raise exception 'stream %: wrong expected revision', p_stream
      using errcode = 'EVWER', hint = coalesce(v_current::text, '');
  end if;
  v_first := coalesce(v_current + 1, 0);

  perform pg_advisory_lock(4242, 1);
  begin
    v_tx := pg_current_xact_id();
    select array_agg(nextval('es_events_position_seq') order by g) into v_positions
      from generate_series(1, n) g;
    perform pg_advisory_unlock(4242, 1);
  exception when others or query_canceled then
    -- A session-level lock outlives the transaction: never leave it held on a pooled connection.
    perform pg_advisory_unlock(4242, 1);
    raise;
  end;

  insert into es_streams (stream_id, revision) values (p_stream, v_first + n - 1)
    on conflict (stream_id) do update set revision = excluded.revision;
  insert into es_events (position, stream_id, revision, event_id, type, data, metadata, tx)
    select v_positions[g], p_stream, v_first + g - 1, p_ids[g], p_types[g], p_data[g], p_metadata[g], v_tx
      from generate_series(1, n) g;
  -- No NOTIFY here: a notifying transaction takes a database-wide lock at commit and holds it
  -- through its WAL flush, which would serialize every append's commit and defeat PostgreSQL's
  -- group commit. The adapter notifies after commit instead, once per tick.
  return query select v_first + n - 1, v_positions[n];
end;
$$;
`;

const downSql = `
drop function es_append(text, text, bigint, uuid[], text[], jsonb[], jsonb[]);
drop table es_events;
drop sequence es_events_position_seq;
drop table es_streams;
`;

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(upSql);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(downSql);
};
