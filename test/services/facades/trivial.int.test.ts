// The facade framework proven with the seed apps' simplest endpoints: each answers in its app's
// envelope, with absolute URLs for the listener the request came in on.
import t from 'tap';
import { HeiheiFailure, HeiheiInit } from '../../../contracts/apps/heiheiLive.js';
import { VpartyConfig, VpartyFailure } from '../../../contracts/apps/vparty.js';
import { build } from '../../support/app.js';
import { freePort } from '../../support/pg.js';

const initQuery = 'ap=heihei&version=1.0&local=zh_CN&uuid=dev-1&apiVersion=1.0&deveiceType=ios';

t.test('facades on the main port', async (t) => {
  const app = await build(t);

  t.test('given the vparty app, when it checks its version over GET and POST, then it gets the lower-case answer the seed shows', async (t) => {
    for (const r of [await app.inject({ method: 'GET', url: '/apps/vparty/vparty/config' }), await app.inject({ method: 'POST', url: '/apps/vparty/vparty/config', payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })]) {
      t.equal(r.status, 200);
      t.same(VpartyConfig.parse(r.json()), { result: true, hasUpdate: 0 });
    }
  });

  t.test('given a vparty caller whose userid is not its key owner, when it calls, then it is logged out (ErrCode 1) in HTTP 200', async (t) => {
    const ann = await app.signIn('+8613900000001');
    const r = await app.inject({ method: 'GET', url: `/apps/vparty/vparty/config?userid=123&userkey=${ann.token}` });
    t.equal(r.status, 200);
    t.match(VpartyFailure.parse(r.json()), { Result: false, ErrCode: 1 });
    const ok = await app.inject({ method: 'GET', url: `/apps/vparty/vparty/config?userid=${ann.userId}&userkey=${ann.token}` });
    t.same(ok.json(), { result: true, hasUpdate: 0 }, 'its own id passes');
  });

  t.test('given heihei-live starting, when it calls /api/init, then every URL is absolute on this listener and the socket is on the push port', async (t) => {
    const r = await app.inject({ method: 'GET', url: `/apps/heihei-live/api/init?${initQuery}`, headers: { host: 'phones.example:8080' } });
    t.equal(r.status, 200);
    const init = HeiheiInit.parse(r.json());
    t.equal(init.user.userInfo, 'http://phones.example:8080/apps/heihei-live/api/user/info');
    t.equal(init.live.heartBeat, 'http://phones.example:8080/apps/heihei-live/api/live/heart-beat');
    t.equal(init.chat.heartBeat, 'http://phones.example:8080/apps/heihei-live/api/chat/heart-beat', 'live.heartBeat and chat.heartBeat differ');
    t.match(init.message.channel, /^ws:\/\/phones\.example:\d+\/apps\/heihei-live\/ws\/channel$/);
    t.ok(init.topic.createSubject && init.live.lockLiveSeat, 'later versions keys are there too');
  });

  t.test('given heihei-live, when /api/init lacks a required parameter or the JSON is malformed, then it answers 700 in HTTP 200', async (t) => {
    const missing = await app.inject({ method: 'GET', url: '/apps/heihei-live/api/init?ap=heihei' });
    t.equal(missing.status, 200);
    t.match(HeiheiFailure.parse(missing.json()), { errorcode: 700 });
    const bad = await app.inject({ method: 'POST', url: '/apps/heihei-live/api/init', payload: '{"ap":', headers: { 'content-type': 'application/json' } });
    t.equal(bad.status, 200);
    t.match(bad.json(), { errorcode: 700 });
    const nul = await app.inject({ method: 'GET', url: `/apps/heihei-live/api/init?${initQuery.replace('dev-1', 'dev%00')}` });
    t.match(nul.json(), { errorcode: 700 }, 'a NUL in text is refused');
  });

  t.test('given an unknown facade path, then it is a 404 in the app envelope', async (t) => {
    const r = await app.inject({ method: 'GET', url: '/apps/heihei-live/api/nothing-here' });
    t.equal(r.status, 404);
    t.match(r.json(), { errorcode: 400 });
  });

  t.test('given PUBLIC_HTTP_URL is not set, when /v1 is called, then it is untouched by the facades', async (t) => {
    const r = await app.inject({ method: 'GET', url: '/v1/health' });
    t.equal(r.status, 200);
  });
});

t.test('given APP_PORT_HEIHEI_LIVE and public URLs, when the app is called at the root of its own port, then the URLs point there', async (t) => {
  const port = await freePort();
  const app = await build(t, { APP_PORT_HEIHEI_LIVE: String(port), PUBLIC_WS_URL: 'wss://push.example' });
  const r = await fetch(`http://127.0.0.1:${port}/api/init?${initQuery}`);
  const init = HeiheiInit.parse(await r.json());
  t.equal(init.user.signOut, `http://127.0.0.1:${port}/api/user/sign-out`, 'no /apps prefix on its own port');
  t.equal(init.message.channel, 'wss://push.example/apps/heihei-live/ws/channel');
  t.equal((await app.inject({ method: 'GET', url: `/apps/heihei-live/api/init?${initQuery}` })).status, 200, 'still served under /apps on the main port');
});
