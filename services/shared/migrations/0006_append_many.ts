// es_append_many: the appends of many streams in one transaction (cross-stream group commit).
// A hot red packet's grabbers each credit their own wallet stream; one commit per batch of
// them instead of one per grab is what makes the hot path cheap. Each stream keeps its own
// expected revision and its own outcome: a wrong revision or a foreign id fails that stream's
// append only (its row says why) and the others commit. The guarantees of es_append hold:
// - streams are locked (in a fixed order, so two batches cannot deadlock) before positions are
//   taken, so per stream, position order equals revision order;
// - the transaction id and all positions are taken together under the short session-level
//   lock, so readers' `tx < pg_snapshot_xmin` prefix stays gap-free;
// - a retried append (same ids, same place) returns its original result and writes nothing.
import type { Knex } from 'knex';

const upSql = `
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

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(upSql);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop function es_append_many(text[], text[], bigint[], int[], uuid[], text[], jsonb[], jsonb[])');
};
