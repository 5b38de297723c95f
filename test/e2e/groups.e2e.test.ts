// Groups over `npm start`'s process, HTTP and push: an application reaches the owner and admins
// on their own channels and the answer reaches the applicant; a kicked member's subscription ends
// at once (they are told on the channel and on their user: channel) and no later group frame
// reaches them; a dismissal tells every member and ends their subscriptions; the operator CLI sets
// a level; the dismissed group stays on record: auditors read it, and the audit rebuilds the
// group read models equal to the live ones.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import WebSocket from 'ws';
import { serverFor } from '../support/server.js';
import { client, eventually, login, type Client, type TestUser } from '../support/client.js';

const run = promisify(execFile);
// A server and two CLI processes: on a busy shared machine each start alone has taken 15-55 s.
t.setTimeout(300_000);
const root = new URL('../../', import.meta.url).pathname;

interface Frame {
  channel?: string;
  seq?: number;
  type?: string;
  op?: string;
  code?: string;
  data?: Record<string, unknown>;
}

/** A socket that records frames; `next` waits for one that matches (from frame `from` on). */
const listen = (wsUrl: string, token: string) =>
  new Promise<{ ws: WebSocket; frames: Frame[]; next: (pred: (f: Frame) => boolean, from?: number) => Promise<Frame>; subscribe: (channel: string) => Promise<Frame> }>((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}/v1/ws?token=${token}`);
    const frames: Frame[] = [];
    let waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      frames.push(f);
      waiters = waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
    const next = (pred: (f: Frame) => boolean, from = 0) =>
      new Promise<Frame>((r, j) => {
        const hit = frames.slice(from).find(pred);
        if (hit) return r(hit);
        waiters.push({ pred, resolve: r });
        setTimeout(() => j(new Error(`no frame in time; got ${JSON.stringify(frames)}`)), 10_000).unref();
      });
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        next,
        subscribe: (channel) => {
          const from = frames.length;
          ws.send(JSON.stringify({ op: 'subscribe', channel }));
          return next((f) => f.channel === channel && (f.op === 'subscribed' || f.op === 'error'), from);
        },
      }),
    );
    ws.on('error', reject);
  });

const timed = async <T>(t: { comment(m: string): void }, label: string, fn: () => Promise<T>): Promise<T> => {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    t.comment(`${label}: ${Date.now() - start} ms`);
  }
};

const ok = async <T = Record<string, unknown>>(c: Client, method: string, path: string, who: TestUser, body?: unknown): Promise<T> => {
  const r = await c.call<T>(method, path, { token: who.token, ...(body !== undefined ? { body } : {}) });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

t.test('given a group with listeners, when people apply, are kicked and the group is dismissed, then push tells the right people and the record stays', async (t) => {
  const s = await timed(t, 'server start', () => serverFor(t));
  const c = client(s.url);
  const [owner, admin, bob, cat, dan] = [await login(c, 'owner'), await login(c, 'admin'), await login(c, 'bob'), await login(c, 'cat'), await login(c, 'dan')];
  const { groupId } = await ok<{ groupId: string; markId: string }>(c, 'POST', '/v1/groups', owner, { name: 'e2e', memberIds: [admin.userId, bob.userId, cat.userId] });
  const group = `group:${groupId}`;
  await ok(c, 'POST', `/v1/groups/${groupId}/members/${admin.userId}/role`, owner, { role: 'admin' });
  await ok(c, 'PATCH', `/v1/groups/${groupId}/permissions`, admin, { join: { mode: 'approval' } });

  const ownerL = await listen(s.wsUrl, owner.token);
  const adminL = await listen(s.wsUrl, admin.token);
  const bobL = await listen(s.wsUrl, bob.token);
  const catL = await listen(s.wsUrl, cat.token);
  const danL = await listen(s.wsUrl, dan.token);
  t.teardown(() => [ownerL, adminL, bobL, catL, danL].forEach((l) => l.ws.close()));
  for (const [l, u] of [[ownerL, owner], [adminL, admin], [bobL, bob], [catL, cat], [danL, dan]] as const) t.match(await l.subscribe(`user:${u.userId}`), { op: 'subscribed' });
  for (const l of [bobL, catL]) t.match(await l.subscribe(group), { op: 'subscribed' });
  t.match(await danL.subscribe(group), { op: 'error', code: 'FORBIDDEN' }, 'an outsider may not listen to the group');

  // An application reaches the owner and the admin, each on their own channel.
  const applied = await ok<{ applicationId: string }>(c, 'POST', `/v1/groups/${groupId}/join`, dan, { message: 'hello' });
  for (const l of [ownerL, adminL]) {
    t.match(await l.next((f) => f.type === 'group.application'), { data: { groupId, applicationId: applied.applicationId, applicantId: dan.userId, message: 'hello' } });
  }
  t.notOk(bobL.frames.some((f) => f.type === 'group.application'), 'a plain member is not asked');

  // The answer reaches the applicant; the group hears them join.
  await ok(c, 'POST', `/v1/groups/${groupId}/applications/${dan.userId}/approve`, admin);
  t.match(await danL.next((f) => f.type === 'group.application.answer'), { channel: `user:${dan.userId}`, data: { status: 'approved', by: admin.userId } });
  t.match(await bobL.next((f) => f.channel === group && f.type === 'group.member'), { data: { action: 'joined', userIds: [dan.userId], via: 'application' } });
  t.match(await danL.subscribe(group), { op: 'subscribed' }, 'a member now');

  // A kick ends the kicked member's subscription at once, and they are told.
  await ok(c, 'POST', `/v1/groups/${groupId}/kick`, admin, { userIds: [cat.userId] });
  t.match(await catL.next((f) => f.op === 'error' && f.channel === group), { code: 'FORBIDDEN' });
  t.match(await catL.next((f) => f.channel === `user:${cat.userId}` && f.type === 'group.member'), { data: { action: 'kicked', userId: cat.userId, by: admin.userId } });
  const catSeen = catL.frames.filter((f) => f.channel === group && f.seq !== undefined).length;
  const { noticeId } = await ok<{ noticeId: string }>(c, 'POST', `/v1/groups/${groupId}/notices`, owner, { text: 'after the kick' });
  t.match(await bobL.next((f) => f.type === 'group.notice'), { channel: group, data: { action: 'posted', noticeId, text: 'after the kick' } });
  t.match(await danL.next((f) => f.type === 'group.notice'), { data: { noticeId } });
  t.equal(catL.frames.filter((f) => f.channel === group && f.seq !== undefined).length, catSeen, 'no group frame after the kick');
  t.notOk(catL.frames.some((f) => f.type === 'group.notice'));
  t.match(await catL.subscribe(group), { op: 'error', code: 'FORBIDDEN' }, 'and no way back in');

  // The operator CLI sets a level (the same use case as /v1/admin); the group hears it.
  const cli = await timed(t, 'admin cli', () => run(process.execPath, ['--import', 'tsx', 'services/cli/admin.ts', 'group-level', groupId, '3', '--days', '30'], { cwd: root, env: { ...process.env, DATA_DIR: s.dataDir } }));
  t.match(JSON.parse(cli.stdout), { level: 3, memberCap: 1000 });
  t.match(await bobL.next((f) => f.type === 'group.updated' && f.data?.what === 'level'), { data: { level: 3 } });
  t.match(await eventually(async () => (await c.call('GET', `/v1/groups/${groupId}`, { token: bob.token })).body, (g) => (g as { level: number }).level === 3), { level: 3, memberCap: 1000 });

  // A dismissal tells every member on their own channel and ends their group subscriptions.
  await ok(c, 'POST', `/v1/groups/${groupId}/dismiss`, owner);
  for (const [l, u] of [[bobL, bob], [danL, dan], [ownerL, owner], [adminL, admin]] as const) {
    t.match(await l.next((f) => f.type === 'group.dismissed'), { channel: `user:${u.userId}`, data: { groupId, by: owner.userId } });
  }
  for (const l of [bobL, danL]) t.match(await l.next((f) => f.op === 'error' && f.channel === group && f.code === 'FORBIDDEN'), { code: 'FORBIDDEN' });
  t.notOk(catL.frames.some((f) => f.type === 'group.dismissed'), 'the kicked member was no longer in it');

  // The record stays: auditors read the group and its stream; the read models rebuild equal to the live ones.
  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body;
  t.match((await c.call(`GET`, `/v1/groups/${groupId}`, { token: auditor.token })).body, { status: 'dismissed', memberIds: [], level: 3 });
  const stream = await c.call<{ items: { type: string }[] }>('GET', `/v1/audit/streams/group-${groupId}/events`, { token: auditor.token });
  t.equal(stream.body.items.at(-1)?.type, 'GroupDismissed');
  const rebuilt = await timed(t, 'audit rebuild', () =>
    run(process.execPath, ['--import', 'tsx', 'services/cli/audit.ts', 'rebuild', 'all', '--json'], { cwd: root, env: { ...process.env, DATA_DIR: s.dataDir }, maxBuffer: 64 << 20 }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '{}' }),
    ),
  );
  const diffs = (JSON.parse(rebuilt.stdout) as { projections: { projection: string; equal: boolean; operational: boolean }[] }).projections;
  for (const name of ['groups', 'group_applications', 'group_notices']) t.match(diffs.find((d) => d.projection === name), { equal: true }, `${name} equals a rebuild`);
});
