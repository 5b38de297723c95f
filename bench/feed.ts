// `npm run bench:feed`: fan-out on read or on write for the friends feed, measured on both sides
// of the question at 5,000 friends: a user with 5,000 friends posts (what the write costs), and
// a user with 5,000 friends reads their feed (what the read costs). The measurement behind
// projections/postQueries.ts's choice (README: Posts and timelines); a report, never a test.
//
// The same rows serve both designs, on embedded PostgreSQL with the product's migrations:
//   on read   posts only (the product): the feed is the posts of my friends and me, newest first,
//             each row passing the visibility rule (visibleSql) as it is read
//   on write  posts plus feed_items (reader, position, post): a post is copied into the feed of
//             each of the author's friends as it is written; the feed is a range of my rows, and
//             each still passes the visibility rule (a block or an ended friendship since the copy)
// Seed: C has 5,000 friends, who wrote 10 posts each (50,000), and 2,000 strangers wrote 50,000
// more; visibility mixed (60 % public, 25 % friends, 5 % only, 5 % except, 5 % private).
//
//   npm run bench:feed [-- --friends 5000 --posts 10 --out FILE]
import { listPosts, visibleSql } from '../projections/postQueries.js';
import { postsProjection } from '../projections/posts.js';
import { benchArgs, runBench, saveReport, timeIt, withBenchDatabase, type BenchPool } from './db-bench.js';
import { Histogram } from './load.js';

const args = benchArgs('npm run bench:feed [-- --friends 5000 --posts 10 --reads 100 --writes 20 --out FILE]', 'feed-latest.md');
const FRIENDS = args.num('friends', 5000);
const PER_FRIEND = args.num('posts', 10);
const STRANGERS = 2000;
const READS = args.num('reads', 100);
const WRITES = args.num('writes', 20);

const C = 'celebrity';
let position = 1_000_000;

const seed = async (pool: BenchPool) => {
  await pool.query(`insert into friendships (user_id, friend_id, since, position)
    select $1, 'f' || i, now(), i from generate_series(1, $2) i union all select 'f' || i, $1, now(), i from generate_series(1, $2) i`, [C, FRIENDS]);
  // Authors: friends f1..fN and strangers s1..sM, posts interleaved in time.
  await pool.query(
    `insert into posts (post_id, author_id, kind, text, media, has_media, media_type, location, mentions, visibility, audience, review, status, created_at, position)
     select 'p' || n, author, 'moment', 'post ' || n, '[]', false, null, null, '{}', vis,
       case when vis in ('only', 'except') then (case when n % 2 = 0 then array[$1] else array['nobody'] end) else '{}' end,
       'none', 'published', now() - (n || ' seconds')::interval, 1000000 - n
     from (
       select n, case when n % 2 = 0 then 'f' || (1 + (n / 2) % $2) else 's' || (1 + (n / 2) % $3) end as author,
         (array['public','public','public','public','public','public','public','public','public','public','public','public','friends','friends','friends','friends','friends','only','except','private'])[1 + n % 20] as vis
       from generate_series(1, $4) n
     ) x`,
    [C, FRIENDS, STRANGERS, 2 * FRIENDS * PER_FRIEND],
  );
  await pool.query(`create table feed_items (reader_id text not null, position bigint not null, post_id text not null, primary key (reader_id, position, post_id))`);
  await pool.query(`insert into feed_items select f.user_id, p.position, p.post_id from posts p join friendships f on f.friend_id = p.author_id`);
  await pool.query('vacuum analyze');
};

const publishEvent = (postId: string) => ({
  id: postId,
  streamId: `post-${postId}`,
  revision: 0,
  position: ++position,
  type: 'PostPublished',
  data: { postId, authorId: C, kind: 'moment', text: 'hello 5,000 friends', media: [], mentions: [], visibility: { mode: 'friends', userIds: [] }, review: 'none' },
  metadata: { at: new Date().toISOString() },
});

const main = async () => {
  const lines: string[] = [];
  await withBenchDatabase({ migrated: true, poolSize: 2 }, async (pool) => {
    await seed(pool);
    const counts = (await pool.query<{ posts: string; items: string }>('select (select count(*) from posts) as posts, (select count(*) from feed_items) as items')).rows[0];
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, timing off, costs off) select p.post_id from posts p where (p.author_id = $1 or exists (select 1 from friendships f where f.user_id = $1 and f.friend_id = p.author_id)) and ${visibleSql('$1')} order by p.position desc limit 21`,
      [C],
    );
    const planLines = plan.rows.map((r) => r['QUERY PLAN']);
    // Reads first, so the reader's own new posts (the writes below) do not fill the first page.
    const onWriteFeed = (cursor: number | null) =>
      pool.query(
        `select p.post_id from feed_items fi join posts p on p.post_id = fi.post_id
         where fi.reader_id = $1 and ($2::bigint is null or fi.position < $2) and ${visibleSql('$1')}
         order by fi.position desc limit 21`,
        [C, cursor],
      );
    const reads = { read1: new Histogram(), read5: new Histogram(), write1: new Histogram(), write5: new Histogram() };
    let deep: string | null = null;
    for (let i = 0; i < 4; i++) deep = (await listPosts(pool, C, { scope: 'friends', limit: 20, ...(deep ? { cursor: deep } : {}) })).nextCursor;
    const deepPos = deep ? (JSON.parse(Buffer.from(deep, 'base64url').toString()) as number[])[0] ?? null : null;
    for (let i = 0; i < 20; i++) await listPosts(pool, C, { scope: 'friends', limit: 20 });
    for (let i = 0; i < READS; i++) {
      await timeIt(reads.read1, () => listPosts(pool, C, { scope: 'friends', limit: 20 }));
      await timeIt(reads.read5, () => listPosts(pool, C, { scope: 'friends', limit: 20, ...(deep ? { cursor: deep } : {}) }));
      await timeIt(reads.write1, () => onWriteFeed(null));
      await timeIt(reads.write5, () => onWriteFeed(deepPos));
    }
    const writes = { read: new Histogram(), write: new Histogram() };
    for (let i = 0; i < WRITES; i++) {
      for (const design of ['read', 'write'] as const) {
        const client = await pool.connect();
        try {
          await timeIt(writes[design], async () => {
            await client.query('begin');
            const e = publishEvent(`new-${design}-${i}`);
            await postsProjection.apply(client, e);
            if (design === 'write') await client.query('insert into feed_items select f.friend_id, $2, $3 from friendships f where f.user_id = $1', [C, e.position, e.data.postId]);
            await client.query('commit');
          });
        } finally {
          client.release();
        }
      }
    }
    const size = (await pool.query<{ feed: string; posts: string }>(`select pg_size_pretty(pg_total_relation_size('feed_items')) as feed, pg_size_pretty(pg_total_relation_size('posts')) as posts`)).rows[0];
    const row = (name: string, h: Histogram) => `| ${name} | ${h.quantile(0.5).toFixed(2)} | ${h.quantile(0.95).toFixed(2)} | ${h.quantile(0.99).toFixed(2)} |`;
    lines.push(
      `# Feed: fan-out on read or on write (${new Date().toISOString()})`,
      '',
      `${FRIENDS} friends of one user; ${counts?.posts ?? '?'} posts; feed_items holds ${counts?.items ?? '?'} rows (${size?.feed ?? '?'}; posts ${size?.posts ?? '?'}).`,
      `Client-side milliseconds on embedded PostgreSQL (2 shared cores), ${WRITES} writes and ${READS} reads per cell.`,
      '',
      '| a user with 5,000 friends posts (one transaction) | p50 ms | p95 ms | p99 ms |',
      '|---|---:|---:|---:|',
      row('fan-out on read: one posts row (chosen)', writes.read),
      row(`fan-out on write: the posts row + ${FRIENDS} feed rows`, writes.write),
      '',
      '| a user with 5,000 friends reads the feed (20 posts) | p50 ms | p95 ms | p99 ms |',
      '|---|---:|---:|---:|',
      row('fan-out on read, first page (chosen)', reads.read1),
      row('fan-out on read, fifth page (cursor)', reads.read5),
      row('fan-out on write, first page', reads.write1),
      row('fan-out on write, fifth page', reads.write5),
    );
    lines.push('', 'The chosen read (before the writes), as PostgreSQL runs it:', '', '```', ...planLines, '```', '');
  });
  saveReport(args.out, lines);
};

runBench('bench:feed', main);
