// The event store: one global log (events) and the current revision per stream (streams).
//
// Guarantees and why they hold:
// - A stream's revisions are gap-free from 0: appenders of one stream are serialized by a
//   transaction-level advisory lock on the stream id, and (stream_id, revision) is unique.
// - Readers of the global log never skip an event that commits late. Concurrent appends commit
//   out of position order, so readers only see rows whose transaction is older than every
//   transaction still in flight (tx < pg_snapshot_xmin). That filter yields a gap-free prefix
//   only if position order equals transaction-id order, so es_append_many takes its transaction id
//   and its positions together under a short session-level advisory lock, released at once
//   (not held to commit: appends to different streams still commit in parallel).
// - Per stream, position order equals revision order: positions are taken after the stream lock.
// - A retried append (same event ids, same place) returns the original result and writes nothing.
// - Wake-ups (LISTEN/NOTIFY) are sent by the adapter after commit, not here: a notifying
//   transaction takes a database-wide lock at commit and holds it through its WAL flush, which
//   would serialize every append's commit and defeat PostgreSQL's group commit.
import type { Knex } from 'knex';

/** The first es_append_many (one statement per stream); 0006 replaces it with a set-based one. */
export const appendManyV1 = `
-- Appends to one or many streams in one transaction (cross-stream group commit). Per stream:
-- error EVWER (wrong expected revision; o_actual = actual revision, null for no stream) or EVIDS
-- (event ids already stored at another place), and that stream's append is skipped; the others
-- commit. Streams are locked in one order for all callers, so two batches cannot deadlock.
create function es_append_many(
  p_streams text[], p_expected text[], p_expected_revisions bigint[], p_counts int[],
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) returns table (o_stream text, o_next_revision bigint, o_last_position bigint, o_error text, o_actual bigint)
language plpgsql as $$
declare
  m int := cardinality(p_streams);
  v_offsets int[] := array[]::int[];
  v_ok boolean[] := array[]::boolean[];
  v_first bigint[] := array[]::bigint[];
  v_err text[] := array[]::text[];
  v_actual bigint[] := array[]::bigint[];
  v_next bigint[] := array[]::bigint[];
  v_last bigint[] := array[]::bigint[];
  v_total int := 0;
  v_current bigint;
  v_exists boolean;
  v_found int;
  v_same_place boolean;
  v_stored_first bigint;
  v_stored_last bigint;
  v_tx xid8;
  v_positions bigint[];
  v_ids uuid[];
  v_off int;
  v_n int;
  v_p int := 0;
  i int;
  s text;
begin
  if m is null or m = 0 then
    raise exception 'es_append_many needs at least one stream';
  end if;
  if pg_current_xact_id_if_assigned() is not null then
    raise exception 'es_append_many must be the first write of its transaction';
  end if;
  for i in 1..m loop
    v_offsets := v_offsets || v_total;
    v_total := v_total + p_counts[i];
  end loop;
  -- Lock every stream first, in one order for all batches.
  for s in select distinct x from unnest(p_streams) x order by x loop
    perform pg_advisory_xact_lock(hashtextextended(s, 0));
  end loop;

  for i in 1..m loop
    v_off := v_offsets[i];
    v_n := p_counts[i];
    v_ids := p_ids[v_off + 1 : v_off + v_n];
    select r.revision into v_current from es_streams r where r.stream_id = p_streams[i];
    v_exists := found;
    v_ok := v_ok || false;
    v_first := v_first || coalesce(v_current + 1, 0);
    v_err := v_err || null::text;
    v_actual := v_actual || v_current;
    v_next := v_next || null::bigint;
    v_last := v_last || null::bigint;
    select count(*), coalesce(bool_and(e.stream_id = p_streams[i]), false) and count(distinct e.revision - x.ord) = 1,
           min(e.revision), max(e.position)
      into v_found, v_same_place, v_stored_first, v_stored_last
      from unnest(v_ids) with ordinality as x(id, ord)
      join es_events e on e.event_id = x.id;
    if v_found > 0 then
      if v_found = v_n and v_same_place
         and (p_expected[i] <> 'no_stream' or v_stored_first = 0)
         and (p_expected[i] <> 'exact' or v_stored_first = p_expected_revisions[i] + 1) then
        v_next[i] := v_stored_first + v_n - 1;
        v_last[i] := v_stored_last;
      else
        v_err[i] := 'EVIDS';
      end if;
    elsif (p_expected[i] = 'no_stream' and v_exists)
       or (p_expected[i] = 'stream_exists' and not v_exists)
       or (p_expected[i] = 'exact' and (not v_exists or v_current <> p_expected_revisions[i])) then
      v_err[i] := 'EVWER';
    else
      v_ok[i] := true;
      v_p := v_p + v_n;
    end if;
  end loop;

  if v_p > 0 then
    perform pg_advisory_lock(4242, 1);
    begin
      v_tx := pg_current_xact_id();
      select array_agg(nextval('es_events_position_seq') order by g) into v_positions from generate_series(1, v_p) g;
      perform pg_advisory_unlock(4242, 1);
    exception when others or query_canceled then
      perform pg_advisory_unlock(4242, 1);
      raise;
    end;
    v_p := 0;
    for i in 1..m loop
      if v_ok[i] then
        v_off := v_offsets[i];
        v_n := p_counts[i];
        insert into es_streams (stream_id, revision) values (p_streams[i], v_first[i] + v_n - 1)
          on conflict (stream_id) do update set revision = excluded.revision;
        insert into es_events (position, stream_id, revision, event_id, type, data, metadata, tx)
          select v_positions[v_p + g], p_streams[i], v_first[i] + g - 1, p_ids[v_off + g], p_types[v_off + g], p_data[v_off + g], p_metadata[v_off + g], v_tx
            from generate_series(1, v_n) g;
        v_next[i] := v_first[i] + v_n - 1;
        v_last[i] := v_positions[v_p + v_n];
        v_p := v_p + v_n;
      end if;
    end loop;
  end if;

  return query select p_streams[k], v_next[k], v_last[k], v_err[k], v_actual[k] from generate_series(1, m) k;
end;
$$;
`;

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

${appendManyV1}`;

const downSql = `
drop function es_append_many(text[], text[], bigint[], int[], uuid[], text[], jsonb[], jsonb[]);
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
