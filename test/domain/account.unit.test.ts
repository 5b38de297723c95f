import t from 'tap';
import { accountDecider, accountStream, hasRole, type AccountCommand, type AccountEvent } from '../../domain/account.js';
import { phoneDecider, phoneStream, type PhoneCommand } from '../../domain/phone.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const account = spec(accountDecider);
const phone = spec(phoneDecider);

const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', phone: '+8613800000000', nickname: 'Ann' } };
const register: AccountCommand = { type: 'RegisterUser', data: { userId: 'u1', phone: '+8613800000000', nickname: ' Ann ' }, metadata: meta(at) };
const update = (data: { nickname?: string; avatarUrl?: string }, by = 'u1'): AccountCommand => ({ type: 'UpdateProfile', data: { userId: 'u1', ...data }, metadata: meta(at, by) });

t.test('stream ids', async (t) => {
  t.equal(accountStream('u1'), 'user-u1');
  t.equal(phoneStream('+86138'), 'phone-+86138');
});

t.test('registration trims the nickname; the same registration again adds nothing', async () => {
  account.given([]).when(register).then([registered]);
  account.given([registered]).when(register).then([]);
  account.given([registered]).when({ ...register, data: { ...register.data, phone: '+1555000000' } }).thenThrows('CONFLICT');
  account.given([]).when({ ...register, data: { ...register.data, nickname: '  ' } }).thenThrows('VALIDATION_FAILED');
});

t.test('a profile update records only what changed', async (t) => {
  account.given([registered]).when(update({ nickname: 'Annie', avatarUrl: 'https://x/a.png' })).then([
    { type: 'ProfileUpdated', data: { userId: 'u1', nickname: 'Annie', avatarUrl: 'https://x/a.png' } },
  ]);
  account.given([registered]).when(update({ nickname: 'Ann' })).then([]);
  account.given([registered]).when(update({ nickname: 'x'.repeat(41) })).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(update({ nickname: 'Eve' }, 'u2')).thenThrows('FORBIDDEN');
  account.given([]).when(update({ nickname: 'Eve' })).thenThrows('NOT_FOUND');
  const s = account.given([registered]).when(update({ avatarUrl: 'https://x/b.png' })).thenState();
  t.equal(s.status === 'registered' && s.avatarUrl, 'https://x/b.png');
});

t.test('an avatar is an http or https URL: others load it, so javascript: and data: are refused', async () => {
  for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://x/a.png', 'https://', '//x/a.png', 'a.png']) {
    account.given([registered]).when(update({ avatarUrl: url })).thenThrows('VALIDATION_FAILED', { field: 'avatarUrl' });
  }
  account.given([registered]).when(update({ avatarUrl: 'http://x/a.png' })).then([{ type: 'ProfileUpdated', data: { userId: 'u1', avatarUrl: 'http://x/a.png' } }]);
});

t.test('roles are granted once', async (t) => {
  const grant: AccountCommand = { type: 'GrantRole', data: { userId: 'u1', role: 'auditor' }, metadata: meta(at) };
  const granted: AccountEvent = { type: 'RoleGranted', data: { userId: 'u1', role: 'auditor' } };
  account.given([registered]).when(grant).then([granted]);
  account.given([registered, granted]).when(grant).then([]);
  t.ok(hasRole(account.given([registered, granted]).state(), 'auditor'));
  t.notOk(hasRole(account.given([registered, granted]).state(), 'operator'));
});

t.test('the first claim of a phone wins; later claims add nothing and the state names the winner', async (t) => {
  const claim = (userId: string): PhoneCommand => ({ type: 'ClaimPhone', data: { phone: '+8613800000000', userId }, metadata: meta(at) });
  const [first] = phone.given([]).when(claim('u1')).then([{ type: 'PhoneClaimed', data: { phone: '+8613800000000', userId: 'u1' } }]);
  t.ok(first);
  if (!first) return;
  phone.given([first]).when(claim('u2')).then([]);
  t.same(phone.given([first]).when(claim('u2')).thenState(), { status: 'claimed', phone: '+8613800000000', userId: 'u1' });
});
