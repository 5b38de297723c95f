// Uploads over `npm start`'s process and real HTTP: a browser-style multipart upload, the bytes
// back whole and in ranges, a refusal, and the bytes still there after a restart on the same
// DATA_DIR (they live on disk under DATA_DIR/objects, the log holds only their metadata).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import { client, login } from '../support/client.js';
import { wav } from '../support/multipart.js';
import { startServer } from '../support/server.js';

type Media = { mediaId: string; kind: string; mime: string; url: string; thumbnailUrl: string | null };

const first = await startServer();
const c = client(first.url);
const ann = await login(c, 'ann');

const send = async (base: string, bytes: Buffer, name: string, type: string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type }), name);
  return fetch(`${base}/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${ann.token}` }, body: form });
};

const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#208040' } }).jpeg().toBuffer();
const voice = wav(20_000);

const up = await send(first.url, photo, 'photo.jpg', 'image/jpeg');
t.equal(up.status, 201);
const image = (await up.json()) as Media;
t.match(image, { kind: 'image', mime: 'image/jpeg' });
const v = await send(first.url, voice, 'voice.jpg', 'image/jpeg', { kind: 'voice', durationMs: '1250' });
t.equal(v.status, 201, 'a WAV named .jpg is what its bytes say: voice');
const audio = (await v.json()) as Media;
t.equal(audio.mime, 'audio/wav');

const refused = await send(first.url, Buffer.from('<?php system($_GET["c"]); ?>'), 'x.jpg', 'image/jpeg');
t.equal(refused.status, 415);

await t.test('the bytes come back whole, in ranges and with their thumbnail', async (t) => {
  const whole = await fetch(`${first.url}${image.url}`);
  t.equal(whole.headers.get('content-type'), 'image/jpeg');
  t.equal(whole.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  t.ok(Buffer.from(await whole.arrayBuffer()).equals(photo));
  const part = await fetch(`${first.url}${audio.url}`, { headers: { range: 'bytes=1000-1999' } });
  t.equal(part.status, 206);
  t.ok(Buffer.from(await part.arrayBuffer()).equals(voice.subarray(1000, 2000)));
  const thumb = await fetch(`${first.url}${image.thumbnailUrl ?? ''}`);
  const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
  t.same([meta.width, meta.height], [320, 213]);
  t.ok(existsSync(join(first.dataDir, 'objects', 'media', image.mediaId)), 'on disk under DATA_DIR/objects');
});

await first.stop();
const second = await startServer({ dataDir: first.dataDir });
t.teardown(async () => {
  await second.stop();
  await rm(first.dataDir, { recursive: true, force: true });
});

await t.test('after a restart on the same DATA_DIR, the media and its bytes are still served', async (t) => {
  const meta = await fetch(`${second.url}/v1/media/${image.mediaId}`, { headers: { authorization: `Bearer ${ann.token}` } });
  t.equal(meta.status, 200);
  const whole = await fetch(`${second.url}${image.url}`);
  t.ok(Buffer.from(await whole.arrayBuffer()).equals(photo));
});
