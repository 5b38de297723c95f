// Discovery: where people are (user_locations), who shook their phone just now (user_shakes),
// and an index for nickname search.
//
// Locations are not events. A phone reports its position every few minutes; storing each
// report forever would make the log mostly coordinates nobody may read back, and a position is
// personal data with a short useful life. So user_locations is a plain table the use case
// writes (services/app/geo.ts): one row per user, the latest report, listed for
// LOCATION_TTL_SECONDS (default 2 h) and then deleted by later writes. It is not a projection:
// a rebuild neither reads nor clears it.
//
// The nearby index is a GiST index over each location as a point on the earth in 3-D (cube and
// earthdistance's ll_to_earth, a stored column), walked nearest-first (`<->`, whose straight-line
// distance orders exactly as the great-circle one): a page of people nearby reads about as many
// index entries as it shows, however dense the city. Chosen over a box around the circle (GiST
// on point(lng, lat), or btree(lat, lng)) refined by haversine, whose cost grows with everyone in
// the circle, by measuring 100k rows (bench/geo-index.ts; README, Social graph). cube and
// earthdistance are contrib extensions that embedded PostgreSQL and the usual distributions ship,
// and trusted (PostgreSQL 13+): a database owner may create them.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create extension if not exists cube;
    create extension if not exists earthdistance;
    create table user_locations (
      user_id text primary key,
      lat double precision not null check (lat between -90 and 90),
      lng double precision not null check (lng between -180 and 180),
      updated_at timestamptz not null,
      earth cube generated always as (ll_to_earth(lat, lng)) stored
    );
    create index user_locations_earth on user_locations using gist (earth);
    create index user_locations_age on user_locations (updated_at);

    create table user_shakes (
      user_id text primary key,
      lat double precision not null check (lat between -90 and 90),
      lng double precision not null check (lng between -180 and 180),
      shaken_at timestamptz not null
    );
    create index user_shakes_recent on user_shakes (shaken_at);
  `);
  // Substring search over nicknames uses trigrams where pg_trgm can be had (embedded PostgreSQL
  // and the usual distributions ship it, and it is a trusted extension); without it the same
  // query scans the users table, slower but the same answer.
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
        create extension if not exists pg_trgm;
        create index if not exists users_nickname_trgm on users using gin (lower(nickname) gin_trgm_ops);
      end if;
    exception when insufficient_privilege then
      raise notice 'pg_trgm not available to this role: nickname search scans';
    end $$;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop index if exists users_nickname_trgm');
  await knex.raw('drop table user_shakes, user_locations');
};
