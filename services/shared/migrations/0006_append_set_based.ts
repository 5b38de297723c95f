// es_append_many, set-based: the same contract as 0001 (read its guarantees there), with a
// constant number of statements per call instead of several per stream.
//
// Why: the first version looked for already-stored event ids stream by stream, joining an
// unnested array in a generic plpgsql plan. Under a hot packet (a batch of ~50 streams per
// call) that one statement was 70 % of PostgreSQL's time. Now one index probe over all of the
// call's ids decides whether any id is stored at all (the normal answer is no: a retry is
// rare), and only then are stored ids matched per stream. Revisions are read, checked, and
// written for all streams at once.
import type { Knex } from 'knex';
import { appendManyV1 } from './0001_event_store.js';

const upSql = `
create or replace function es_append_many(
  p_streams text[], p_expected text[], p_expected_revisions bigint[], p_counts int[],
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) returns table (o_stream text, o_next_revision bigint, o_last_position bigint, o_error text, o_actual bigint)
language plpgsql
-- Every lookup here is by key. The planner, judging a young or fast-growing table by stale
-- statistics, would otherwise scan es_events for the id probe (it did: 4 ms per call).
set enable_seqscan = off
as $$
declare
  m int := cardinality(p_streams);
  v_stored boolean;
  v_ok boolean[];
  v_first bigint[];
  v_err text[];
  v_actual bigint[];
  v_next bigint[];
  v_last bigint[];
  v_p int;
  v_tx xid8;
  v_positions bigint[];
  s text;
begin
  if m is null or m = 0 then
    raise exception 'es_append_many needs at least one stream';
  end if;
  if pg_current_xact_id_if_assigned() is not null then
    raise exception 'es_append_many must be the first write of its transaction';
  end if;
  if (select count(distinct x) from unnest(p_streams) x) <> m then
    raise exception 'es_append_many takes each stream at most once';
  end if;
  -- Lock every stream first, in one order for all batches.
  for s in select x from unnest(p_streams) x order by x loop
    perform pg_advisory_xact_lock(hashtextextended(s, 0));
  end loop;

  v_stored := exists (select 1 from es_events where event_id = any(p_ids));

  with streams as (
    select k, u.stream_id, u.expected, u.expected_revision, u.n, (sum(u.n) over (order by k) - u.n)::int as off
      from unnest(p_streams, p_expected, p_expected_revisions, p_counts) with ordinality as u(stream_id, expected, expected_revision, n, k)
  ), checked as (
    select st.k, st.n, st.expected, st.expected_revision, r.revision as current, d.found, d.same_place, d.stored_first, d.stored_last
      from streams st
      left join es_streams r on r.stream_id = st.stream_id
      left join lateral (
        select count(*) as found,
               coalesce(bool_and(e.stream_id = st.stream_id), false) and count(distinct e.revision - g) = 1 as same_place,
               min(e.revision) as stored_first, max(e.position) as stored_last
          from generate_series(1, st.n) g
          join es_events e on e.event_id = p_ids[st.off + g]
         where v_stored
      ) d on true
  ), decided as (
    select c.*,
           case
             when c.found > 0 then
               case when c.found = c.n and c.same_place
                         and (c.expected <> 'no_stream' or c.stored_first = 0)
                         and (c.expected <> 'exact' or c.stored_first = c.expected_revision + 1)
                    then null else 'EVIDS' end
             when (c.expected = 'no_stream' and c.current is not null)
               or (c.expected = 'stream_exists' and c.current is null)
               or (c.expected = 'exact' and (c.current is null or c.current <> c.expected_revision)) then 'EVWER'
           end as err
      from checked c
  )
  select array_agg(coalesce(d.found, 0) = 0 and d.err is null order by d.k),
         array_agg(coalesce(d.current + 1, 0) order by d.k),
         array_agg(d.err order by d.k),
         array_agg(d.current order by d.k),
         array_agg(case when d.found > 0 and d.err is null then d.stored_first + d.n - 1 end order by d.k),
         array_agg(case when d.found > 0 and d.err is null then d.stored_last end order by d.k)
    into v_ok, v_first, v_err, v_actual, v_next, v_last
    from decided d;

  select coalesce(sum(p_counts[k]) filter (where v_ok[k]), 0) into v_p from generate_series(1, m) k;
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

    with placed as (
      select k, (sum(p_counts[k]) over (order by k) - p_counts[k])::int as off,
             (sum(p_counts[k]) filter (where v_ok[k]) over (order by k) - p_counts[k])::int as pos_off
        from generate_series(1, m) k
    ), ok as (
      select p.k, p.off, p.pos_off from placed p where v_ok[p.k]
    ), heads as (
      insert into es_streams (stream_id, revision)
        select p_streams[ok.k], v_first[ok.k] + p_counts[ok.k] - 1 from ok
        on conflict (stream_id) do update set revision = excluded.revision
    )
    insert into es_events (position, stream_id, revision, event_id, type, data, metadata, tx)
      select v_positions[ok.pos_off + g], p_streams[ok.k], v_first[ok.k] + g - 1, p_ids[ok.off + g], p_types[ok.off + g], p_data[ok.off + g], p_metadata[ok.off + g], v_tx
        from ok, generate_series(1, p_counts[ok.k]) g
       order by ok.k, g;

    select array_agg(case when v_ok[k] then v_first[k] + p_counts[k] - 1 else v_next[k] end order by k),
           array_agg(case when v_ok[k] then v_positions[pos_end] else v_last[k] end order by k)
      into v_next, v_last
      from (select k, (sum(p_counts[k]) filter (where v_ok[k]) over (order by k))::int as pos_end from generate_series(1, m) k) q;
  end if;

  return query select p_streams[k], v_next[k], v_last[k], v_err[k], v_actual[k] from generate_series(1, m) k;
end;
$$;
`;

const downSql = `
drop function es_append_many(text[], text[], bigint[], int[], uuid[], text[], jsonb[], jsonb[]);
${appendManyV1}
`;

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(upSql);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(downSql);
};
