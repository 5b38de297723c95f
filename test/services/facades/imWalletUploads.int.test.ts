// Uploads on both editions: a multipart `fileUpload` is stored by the core's media use case and its
// URL comes back (003 in `fileSize`, sic); what is no image is refused in the envelope with HTTP 200
// and nothing stored; the URL is what a moment's `images` takes.
import sharp from 'sharp';
import t from 'tap';
import { z } from 'zod';
import { Envelope2, Failure3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { Feed3 } from '../../../contracts/apps/imWalletFeed.js';
import { build } from '../../support/app.js';
import { signUp, imInject, type ImUser } from '../../support/imWallet.js';
import { multipart } from '../../support/multipart.js';

const app = await build(t);
const send3 = imInject(app.inject, 'im-groups-wallet');
const send2 = imInject(app.inject, 'chat-wallet');
const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc3366' } }).png().toBuffer();
const up = async (appName: string, path: string, u: ImUser, bytes: Buffer) => {
  const m = multipart({ bytes, filename: 'a.png', contentType: 'image/png', field: 'fileUpload' }, { userId: u.userId, token: u.token });
  const r = await app.inject({ method: 'POST', url: `/apps/${appName}${path}`, payload: m.payload, headers: m.headers });
  return { status: r.status, body: r.json<Record<string, unknown>>() };
};
const mediaCount = async () => Number((await app.platform.core.pool.query<{ n: string }>('select count(*) as n from media')).rows[0]?.n);

t.test('003: given a PNG, when uploaded, then its URL is in fileSize and it serves the bytes; a moment takes it', async (t) => {
  const ann = await signUp(send3, 'im-groups-wallet', 'ann');
  const r = await up('im-groups-wallet', '/chat/uploadImage', ann, png);
  const url = Ok3(z.object({ fileSize: z.string().regex(/\/v1\/media\/[^/]+\/content$/) })).parse(r.body).data.fileSize;
  const served = await app.inject({ method: 'GET', url: url.replace(/^https?:\/\/[^/]+/, '') });
  t.equal(served.status, 200);
  t.equal(served.text.length > 0, true, 'the stored bytes are served');
  const pc = Ok3(z.object({ fileSize: z.string(), fileUrl: z.string() })).parse((await up('im-groups-wallet', '/chat/pcuploadImage', ann, png)).body).data;
  t.equal(pc.fileSize, String(png.length), 'the PC answer has the size in fileSize');
  const feed = Ok3(Feed3).parse((await send3('/feed/addFeed', { userId: ann.userId, text: 'pic', images: url }, ann.token)).body).data;
  t.match(feed.feedImgs, /\/v1\/media\/[^/]+\/content$/);
});

t.test('003 and 002: given bytes that are no image, when uploaded, then it is -1 in HTTP 200 and nothing is stored', async (t) => {
  const [ann, bob] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send2, 'chat-wallet', 'bob')];
  const before = await mediaCount();
  const bad = await up('im-groups-wallet', '/chat/uploadImage', ann, Buffer.from('not an image at all, just text'));
  t.equal(bad.status, 200);
  t.equal(Failure3.parse(bad.body).code, '-1');
  const none = await send3('/chat/uploadImage', { userId: ann.userId }, ann.token);
  t.equal(Failure3.parse(none.body).code, '-1', 'no file');
  const bad2 = await up('chat-wallet', '/chat/uploadImage', bob, Buffer.from('GIF? no'));
  t.equal(Envelope2.parse(bad2.body).code, -1);
  t.equal(await mediaCount(), before, 'nothing stored');
  const ok2 = Envelope2.parse((await up('chat-wallet', '/chat/uploadImage', bob, png)).body);
  t.equal(ok2.code, 1);
  t.match(String(ok2.info), /\/v1\/media\/[^/]+\/content$/, '002: the URL in info');
});
