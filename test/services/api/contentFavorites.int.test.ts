// Content favorites over /v1 (inject, embedded PostgreSQL): an item saved as sent, listed with the
// message favorites behind one cursor, removed by its owner only; bad input refused, nothing stored.
import t from 'tap';
import { build } from '../../support/app.js';

type Fav = { favoriteId: string; at: string; message: unknown; content: { category: string; content: string; fromId: string; fromName: string; fromHeadUrl: string } | null };
type Page = { items: Fav[]; nextCursor: string | null };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const app = await build(t);
let phones = 0;
const signIn = () => app.signIn(`+86137${String(++phones).padStart(8, '0')}`);
const item = { category: 'image', content: 'https://img.example/a.jpg', fromId: '17229', fromName: 'Cathy', fromHeadUrl: 'https://img.example/h.jpg' };
const save = (token: string, payload: object, key?: string) =>
  app.inject({ method: 'POST', url: '/v1/favorites/content', headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) }, payload });
const list = async (token: string, query = '') => (await app.inject({ method: 'GET', url: `/v1/favorites${query}`, headers: auth(token) })).json<Page>();

t.test('given a user, when they save an item, then it is listed as sent, newest first, behind a cursor', async (t) => {
  const ann = await signIn();
  const first = await save(ann.token, item);
  t.equal(first.status, 201);
  const text = await save(ann.token, { category: 'text', content: 'remember this', fromId: 'g1' });
  t.equal(text.status, 201);
  const all = await list(ann.token);
  t.same(all.items.map((f) => f.favoriteId), [text.json<Fav>().favoriteId, first.json<Fav>().favoriteId], 'newest first');
  t.match(all.items[1], { message: null, content: item });
  t.match(all.items[0], { content: { category: 'text', content: 'remember this', fromId: 'g1', fromName: '', fromHeadUrl: '' } });
  const one = await list(ann.token, '?limit=1');
  t.equal(one.items.length, 1);
  t.not(one.nextCursor, null);
  const rest = await list(ann.token, `?limit=1&cursor=${encodeURIComponent(String(one.nextCursor))}`);
  t.same(rest.items.map((f) => f.favoriteId), [first.json<Fav>().favoriteId], 'the cursor goes on');
});

t.test('given a retry with the same key, then it saves once; the same item again is a conflict', async (t) => {
  const ann = await signIn();
  const a = await save(ann.token, item, 'fav-1');
  const b = await save(ann.token, item, 'fav-1');
  t.same(b.json(), a.json(), 'the retry answers the first');
  t.equal((await list(ann.token)).items.length, 1);
  const again = await save(ann.token, item);
  t.equal(again.status, 409);
  t.match(again.json(), { error: { code: 'CONFLICT' } });
  t.equal((await list(ann.token)).items.length, 1, 'nothing more stored');
});

t.test('given the same item saved twice at once, then one is stored and the other is a conflict', async (t) => {
  const ann = await signIn();
  const rs = await Promise.all([save(ann.token, item), save(ann.token, item), save(ann.token, item, 'k'), save(ann.token, item, 'k')]);
  t.equal(rs.filter((r) => r.status === 201).length >= 1, true);
  t.equal((await list(ann.token)).items.length, 1, 'one stored');
  t.ok(rs.every((r) => r.status === 201 || r.status === 409), 'the rest are conflicts (or the keyed retry answering its first)');
});

t.test('given bad input, then a coded error and nothing stored', async (t) => {
  const ann = await signIn();
  const bad = [
    { ...item, content: '' },
    { ...item, content: '   ' },
    { ...item, content: 'x'.repeat(8001) },
    { ...item, category: 'poem' },
    { ...item, category: 2 },
    { ...item, fromId: '' },
    { ...item, fromHeadUrl: 'javascript:alert(1)' },
    { ...item, extra: 1 },
  ];
  for (const payload of bad) {
    const r = await save(ann.token, payload);
    t.equal(r.status, 400, JSON.stringify(payload).slice(0, 60));
    t.match(r.json(), { error: { code: 'VALIDATION_FAILED', message: String, details: Object } });
  }
  t.same((await list(ann.token)).items, [], 'nothing stored');
  t.equal((await app.inject({ method: 'POST', url: '/v1/favorites/content', payload: item })).status, 401, 'signed in only');
});

t.test('given a saved item, when another user deletes it, then not found and it stays; its owner deletes it', async (t) => {
  const [ann, bob] = [await signIn(), await signIn()];
  const id = (await save(ann.token, item)).json<Fav>().favoriteId;
  const theirs = await app.inject({ method: 'DELETE', url: `/v1/favorites/${id}`, headers: auth(bob.token) });
  t.equal(theirs.status, 404);
  t.match(theirs.json(), { error: { code: 'NOT_FOUND' } });
  t.equal((await list(ann.token)).items.length, 1, 'nothing changed');
  const mine = await app.inject({ method: 'DELETE', url: `/v1/favorites/${id}`, headers: auth(ann.token) });
  t.match(mine.json(), { favoriteId: id, removed: true });
  t.same((await list(ann.token)).items, []);
  t.equal((await save(ann.token, item)).status, 201, 'a removed item may be saved again');
});

t.test('the OpenAPI document describes the route', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  t.ok(doc.paths['/v1/favorites/content'], 'documented');
});
