// The account aggregate's identity commands (issue #16): profile details, photo wall, privacy,
// real-name review, display numbers, linked identities, phone binding, password records; and the
// display-number and external-identity claims.
import t from 'tap';
import { accountDecider, maskIdNumber, maskName, realNameOf, type AccountCommand, type AccountEvent } from '../../domain/account.js';
import { displayNumberDecider, displayNumberStream, type DisplayNumberCommand } from '../../domain/displayNumber.js';
import { externalIdentityDecider, externalIdentityStream, type ExternalIdentityCommand } from '../../domain/externalIdentity.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-06-01T00:00:00.000Z';
const account = spec(accountDecider);
const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', phone: '+8613800000000', nickname: 'Ann' } };
const cmd = <C extends AccountCommand>(type: C['type'], data: C['data'], by: string | undefined = 'u1'): AccountCommand => ({ type, data, metadata: meta(at, by) }) as AccountCommand;
const details = (data: Record<string, unknown>, by?: string) => cmd('UpdateProfileDetails', { userId: 'u1', ...data }, by);

t.test('profile details: only what changed is recorded; null clears; the owner only', async (t) => {
  const [e] = account.given([registered]).when(details({ sex: 'female', birthday: '1990-02-28', hobbies: ['跑步', 'go'], region: { province: '广东', city: '深圳' } })).then([
    { type: 'ProfileDetailsUpdated', data: { userId: 'u1', sex: 'female', birthday: '1990-02-28', hobbies: ['跑步', 'go'], region: { province: '广东', city: '深圳' } } },
  ]);
  t.ok(e);
  if (!e) return;
  account.given([registered, e]).when(details({ sex: 'female', signature: 'hi' })).then([{ type: 'ProfileDetailsUpdated', data: { userId: 'u1', signature: 'hi' } }]);
  account.given([registered, e]).when(details({ sex: 'female', hobbies: ['跑步', 'go'] })).then([]);
  account.given([registered, e]).when(details({ birthday: null, signature: null })).then([{ type: 'ProfileDetailsUpdated', data: { userId: 'u1', birthday: null } }]);
  const s = account.given([registered, e]).when(details({ birthday: null })).thenState();
  t.equal(s.status === 'registered' && s.details.birthday, undefined, 'a cleared field is gone');
  t.equal(s.status === 'registered' && s.details.sex, 'female', 'the others stay');
  account.given([registered]).when(details({ sex: 'male' }, 'u2')).thenThrows('FORBIDDEN');
  account.given([]).when(details({ sex: 'male' })).thenThrows('NOT_FOUND');
});

t.test('profile details refuse what cannot be true or stored', async () => {
  for (const bad of [
    { sex: 'other' },
    { birthday: '1990-02-30' },
    { birthday: '1899-12-31' },
    { birthday: '2025-06-02' }, // after the command's day
    { birthday: '90-1-1' },
    { signature: 'x'.repeat(101) },
    { signature: 'esc\u001b[2J' },
    { hobbies: Array.from({ length: 21 }, (_, i) => `h${i}`) },
    { hobbies: ['x'.repeat(21)] },
    { region: { city: 'x\u0000' } },
    { description: 'x'.repeat(501) },
  ]) {
    account.given([registered]).when(details(bad)).thenThrows('VALIDATION_FAILED');
  }
  account.given([registered]).when(details({ description: 'line one\nline two' })).then([{ type: 'ProfileDetailsUpdated', data: { userId: 'u1', description: 'line one\nline two' } }]);
  account.given([registered]).when(details({ birthday: '2025-06-01' })).then([{ type: 'ProfileDetailsUpdated', data: { userId: 'u1', birthday: '2025-06-01' } }]);
});

t.test('the photo wall is replaced whole, http(s) URLs only, at most 12', async () => {
  const wall = ['https://img.example/1.jpg', 'http://img.example/2.jpg'];
  const [set] = account.given([registered]).when(cmd('SetPhotoWall', { userId: 'u1', photos: wall })).then([{ type: 'PhotoWallSet', data: { userId: 'u1', photos: wall } }]);
  if (!set) throw new Error('no event');
  account.given([registered, set]).when(cmd('SetPhotoWall', { userId: 'u1', photos: wall })).then([]);
  account.given([registered, set]).when(cmd('SetPhotoWall', { userId: 'u1', photos: [] })).then([{ type: 'PhotoWallSet', data: { userId: 'u1', photos: [] } }]);
  account.given([registered]).when(cmd('SetPhotoWall', { userId: 'u1', photos: ['javascript:alert(1)'] })).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(cmd('SetPhotoWall', { userId: 'u1', photos: Array.from({ length: 13 }, (_, i) => `https://x/${i}`) })).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(cmd('SetPhotoWall', { userId: 'u1', photos: [] }, 'u2')).thenThrows('FORBIDDEN');
});

t.test('privacy switches start on and record only changes', async (t) => {
  const s = account.given([registered]).state();
  t.same(s.status === 'registered' && s.privacy, { searchMobile: true, needAuth: true, pushEnabled: true });
  account.given([registered]).when(cmd('SetPrivacy', { userId: 'u1', searchMobile: false, needAuth: true })).then([{ type: 'PrivacyChanged', data: { userId: 'u1', searchMobile: false } }]);
  account.given([registered]).when(cmd('SetPrivacy', { userId: 'u1', needAuth: true })).then([]);
  account.given([registered]).when(cmd('SetPrivacy', { userId: 'u1', pushEnabled: false }, 'u2')).thenThrows('FORBIDDEN');
});

t.test('real name: masked values only; submit, review, resubmit after a rejection', async (t) => {
  const v = realNameOf({ name: ' 张三丰 ', idNumber: '11010119900101123x' });
  t.same(v, { name: '张三丰', idNumber: '11010119900101123X', maskedName: '张**', maskedIdNumber: '11**************3X' });
  t.equal(maskName('A'), '*');
  t.equal(maskIdNumber('1234'), '****');
  t.throws(() => realNameOf({ name: '张三', idNumber: '12-34' }), { code: 'VALIDATION_FAILED' });
  const submit = cmd('SubmitRealName', { userId: 'u1', maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber });
  const [submitted] = account.given([registered]).when(submit).then([{ type: 'RealNameSubmitted', data: { userId: 'u1', maskedName: '张**', maskedIdNumber: '11**************3X' } }]);
  if (!submitted) throw new Error('no event');
  account.given([registered]).when(cmd('SubmitRealName', { userId: 'u1', maskedName: '张三丰', maskedIdNumber: v.maskedIdNumber })).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(cmd('SubmitRealName', { userId: 'u1', maskedName: '张**', maskedIdNumber: '11010119900101123X' })).thenThrows('VALIDATION_FAILED');
  account.given([registered, submitted]).when(submit).thenThrows('CONFLICT', { status: 'pending' });
  account.given([registered]).when(cmd('DecideRealName', { userId: 'u1', decision: 'approve' }, 'op')).thenThrows('CONFLICT');
  const [approved] = account.given([registered, submitted]).when(cmd('DecideRealName', { userId: 'u1', decision: 'approve' }, 'op')).then([{ type: 'RealNameApproved', data: { userId: 'u1', operatorId: 'op' } }]);
  if (!approved) throw new Error('no event');
  account.given([registered, submitted, approved]).when(submit).thenThrows('CONFLICT', { status: 'approved' });
  account.given([registered, submitted]).when({ type: 'DecideRealName', data: { userId: 'u1', decision: 'approve' }, metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
  const [rejected] = account.given([registered, submitted]).when(cmd('DecideRealName', { userId: 'u1', decision: 'reject', reason: 'blurry' }, 'op')).then([
    { type: 'RealNameRejected', data: { userId: 'u1', operatorId: 'op', reason: 'blurry' } },
  ]);
  if (!rejected) throw new Error('no event');
  const s = account.given([registered, submitted, rejected]).state();
  t.same(s.status === 'registered' && s.realName, { status: 'rejected', maskedName: '张**', maskedIdNumber: '11**************3X', reason: 'blurry' });
  account.given([registered, submitted, rejected]).when(submit).then([{ type: 'RealNameSubmitted', data: { userId: 'u1', maskedName: '张**', maskedIdNumber: '11**************3X' } }]);
});

t.test('display numbers: the first assignment sticks; a replacement retires the old one', async (t) => {
  const [assigned] = account.given([registered]).when(cmd('AssignDisplayNumber', { userId: 'u1', displayNumber: '1000001' }, undefined)).then([
    { type: 'DisplayNumberAssigned', data: { userId: 'u1', displayNumber: '1000001' } },
  ]);
  if (!assigned) throw new Error('no event');
  account.given([registered, assigned]).when(cmd('AssignDisplayNumber', { userId: 'u1', displayNumber: '1000002' }, undefined)).then([]);
  account.given([registered]).when(cmd('AssignDisplayNumber', { userId: 'u1', displayNumber: '0123456' }, undefined)).thenThrows('VALIDATION_FAILED');
  account.given([registered, assigned]).when(cmd('ReplaceDisplayNumber', { userId: 'u1', displayNumber: '88888' }, 'op')).then([
    { type: 'DisplayNumberReplaced', data: { userId: 'u1', displayNumber: '88888', previous: '1000001' } },
  ]);
  account.given([registered, assigned]).when(cmd('ReplaceDisplayNumber', { userId: 'u1', displayNumber: '1000001' }, 'op')).then([]);
  const s = account.given([registered, assigned]).when(cmd('ReplaceDisplayNumber', { userId: 'u1', displayNumber: '88888' }, 'op')).thenState();
  t.equal(s.status === 'registered' && s.displayNumber, '88888');
});

t.test('a claimed display number belongs to its first user for ever', async (t) => {
  const numbers = spec(displayNumberDecider);
  const claim = (userId: string): DisplayNumberCommand => ({ type: 'ClaimDisplayNumber', data: { displayNumber: '1000001', userId }, metadata: meta(at) });
  t.equal(displayNumberStream('1000001'), 'display-number-1000001');
  const [first] = numbers.given([]).when(claim('u1')).then([{ type: 'DisplayNumberClaimed', data: { displayNumber: '1000001', userId: 'u1' } }]);
  if (!first) throw new Error('no event');
  numbers.given([first]).when(claim('u2')).then([]);
  t.same(numbers.given([first]).when(claim('u2')).thenState(), { status: 'claimed', displayNumber: '1000001', userId: 'u1' });
  numbers.given([]).when({ ...claim('u1'), data: { displayNumber: '12', userId: 'u1' } }).thenThrows('VALIDATION_FAILED');
});

t.test('external identities: the first claim wins; an account links one per provider', async (t) => {
  const ext = spec(externalIdentityDecider);
  const claim = (userId: string): ExternalIdentityCommand => ({ type: 'ClaimExternalIdentity', data: { provider: 'wechat', subject: 'o-abc', userId }, metadata: meta(at) });
  t.equal(externalIdentityStream('wechat', 'o-abc'), 'external-wechat-o-abc');
  const [first] = ext.given([]).when(claim('u1')).then([{ type: 'ExternalIdentityClaimed', data: { provider: 'wechat', subject: 'o-abc', userId: 'u1' } }]);
  if (!first) throw new Error('no event');
  ext.given([first]).when(claim('u2')).then([]);
  ext.given([]).when({ ...claim('u1'), data: { provider: 'qq' as never, subject: 'x', userId: 'u1' } }).thenThrows('VALIDATION_FAILED');

  const link = (subject: string, by = 'u1') => cmd('LinkExternalIdentity', { userId: 'u1', provider: 'wechat', subject }, by);
  const [linked] = account.given([registered]).when(link('o-abc')).then([{ type: 'ExternalIdentityLinked', data: { userId: 'u1', provider: 'wechat', subject: 'o-abc' } }]);
  if (!linked) throw new Error('no event');
  account.given([registered, linked]).when(link('o-abc')).then([]);
  account.given([registered, linked]).when(link('o-other')).thenThrows('CONFLICT');
  account.given([registered]).when(link('o-abc', 'u2')).thenThrows('FORBIDDEN');
});

t.test('registration without a phone; binding one later, once', async (t) => {
  const bare: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', nickname: 'Wei' } };
  account.given([]).when(cmd('RegisterUser', { userId: 'u1', nickname: 'Wei' }, undefined)).then([bare]);
  account.given([bare]).when(cmd('RegisterUser', { userId: 'u1', nickname: 'Wei' }, undefined)).then([]);
  const [bound] = account.given([bare]).when(cmd('BindPhone', { userId: 'u1', phone: '+8613900000000' })).then([{ type: 'PhoneBound', data: { userId: 'u1', phone: '+8613900000000' } }]);
  if (!bound) throw new Error('no event');
  account.given([bare, bound]).when(cmd('BindPhone', { userId: 'u1', phone: '+8613900000000' })).then([]);
  account.given([bare, bound]).when(cmd('BindPhone', { userId: 'u1', phone: '+8613900000001' })).thenThrows('CONFLICT');
  account.given([registered]).when(cmd('BindPhone', { userId: 'u1', phone: '+8613900000001' })).thenThrows('CONFLICT');
  account.given([bare]).when(cmd('BindPhone', { userId: 'u1', phone: '+8613900000000' }, 'u2')).thenThrows('FORBIDDEN');
  const s = account.given([bare, bound]).state();
  t.equal(s.status === 'registered' && s.phone, '+8613900000000');
});

t.test('a password change is recorded without the password', async (t) => {
  const [changed] = account.given([registered]).when(cmd('RecordPasswordChange', { userId: 'u1', via: 'reset' }, undefined)).then([{ type: 'PasswordChanged', data: { userId: 'u1', via: 'reset' } }]);
  if (!changed) throw new Error('no event');
  const s = account.given([registered, changed]).state();
  t.equal(s.status === 'registered' && s.hasPassword, true);
  t.equal(s.status === 'registered' && JSON.stringify(changed).includes('hash'), false);
  account.given([]).when(cmd('RecordPasswordChange', { userId: 'u1', via: 'set' }, undefined)).thenThrows('NOT_FOUND');
});

t.test('evolve ignores an event it does not know', async (t) => {
  const s = account.given([registered]).state();
  t.same(accountDecider.evolve(s, { type: 'NoSuchEvent', data: {} } as never), s);
});
