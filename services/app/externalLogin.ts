// Third-party sign-in (001 Weibo/WeChat `sign-in`) and linking such an account to a signed-in
// user. Providers are a port (core.ts LoginProvider), like payments: dev mode configures a signed
// sandbox for both, whose credentials the dev route issues as a provider's SDK would hand them to
// the app; without dev mode no provider is configured until real adapters exist (they need each
// provider's app id and secret from configuration).
//
// The first sign-in with an external account claims `external-<provider>-<subject>` and registers
// a user without a phone (it may bind one later: registration.ts bindPhone); every later one signs
// in as the claim's holder.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { accountDecider, accountStream } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { externalIdentityDecider, externalIdentityStream, externalProviders, type ExternalProvider } from '../../domain/externalIdentity.js';
import { loginSandboxSecret, type Config } from '../shared/config.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core, ExternalAssertion, LoginProvider } from './core.js';
import { appOf, registerAccount, startSession } from './registration.js';
import { settled } from './results.js';
import type { DeviceKind } from './sessions.js';

/** A sandbox credential lives this long after it was issued. */
const SANDBOX_CREDENTIAL_TTL_MS = 10 * 60_000;

interface SandboxClaims {
  p: ExternalProvider;
  sub: string;
  nick?: string;
  iat: number;
}

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/** The sandbox: `<base64url JSON claims>.<hex HMAC-SHA256 of that text>`, under LOGIN_SANDBOX_SECRET. */
export const sandboxLoginProvider = (provider: ExternalProvider, secret: string): LoginProvider => ({
  async verify(credential, now) {
    const [body, mac] = credential.split('.');
    if (!body || !mac || !/^[0-9a-f]{64}$/.test(mac)) return null;
    if (!timingSafeEqual(Buffer.from(sign(secret, body), 'hex'), Buffer.from(mac, 'hex'))) return null;
    let claims: Partial<SandboxClaims>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<SandboxClaims>;
    } catch {
      return null;
    }
    const age = now.getTime() - (claims.iat ?? 0);
    if (claims.p !== provider || typeof claims.sub !== 'string' || age < -60_000 || age > SANDBOX_CREDENTIAL_TTL_MS) return null;
    return { provider, subject: claims.sub, ...(typeof claims.nick === 'string' ? { nickname: claims.nick } : {}) };
  },
});

/** The providers a process has: the sandbox's in dev mode, none otherwise (yet). */
export const loginProvidersFor = (config: Config): Partial<Record<ExternalProvider, LoginProvider>> =>
  config.DEV_MODE ? Object.fromEntries(externalProviders.map((p) => [p, sandboxLoginProvider(p, loginSandboxSecret(config))])) : {};

/** Dev mode: what the provider's SDK would give the app for this account. */
export const issueSandboxCredential = (core: Core, input: { provider: ExternalProvider; subject: string; nickname?: string }) => {
  if (!core.config.DEV_MODE) throw notFound('dev route');
  const claims: SandboxClaims = { p: input.provider, sub: input.subject, ...(input.nickname !== undefined ? { nick: input.nickname } : {}), iat: core.clock().getTime() };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { credential: `${body}.${sign(loginSandboxSecret(core.config), body)}` };
};

const verified = async (core: Core, provider: ExternalProvider, credential: string): Promise<ExternalAssertion> => {
  const p = core.loginProviders[provider];
  if (!p) throw notFound('login provider', { provider });
  const a = await p.verify(credential, core.clock());
  if (!a || a.provider !== provider) throw new CodedError('UNAUTHENTICATED', `${provider} did not vouch for this credential`);
  return a;
};

/** A provider's nickname as ours: printable, at most 40 characters, or a default. */
const nicknameFrom = (a: ExternalAssertion, userId: string): string => {
  const name = (a.nickname ?? '').replace(/[\u0000-\u001F\u007F]|\p{Cs}/gu, '').trim().slice(0, 40).trim();
  return name.length > 0 ? name : `user${userId.slice(-4)}`;
};

export const externalLogIn = async (core: Core, caller: Caller, input: { provider: ExternalProvider; credential: string; deviceKind?: DeviceKind }) => {
  const a = await verified(core, input.provider, input.credential);
  const fresh = core.ids.next();
  const claim = await core.bus.handle(externalIdentityDecider, externalIdentityStream(a.provider, a.subject), {
    type: 'ClaimExternalIdentity',
    data: { provider: a.provider, subject: a.subject, userId: fresh },
    metadata: systemMetadata(core, `claim:${fresh}`),
  });
  if (claim.state.status !== 'claimed') throw new Error('external identity claim did not stick');
  const userId = claim.state.userId;
  const { registered } = await registerAccount(core, { userId, nickname: nicknameFrom(a, userId) });
  // Also repairs a first sign-in interrupted between registration and link (both are idempotent).
  const account = await core.bus.load(accountDecider, accountStream(userId));
  const unlinked = account.state.status === 'registered' && !account.state.externalIdentities.some((x) => x.provider === a.provider);
  const linked = unlinked
    ? await core.bus.handle(accountDecider, accountStream(userId), {
        type: 'LinkExternalIdentity',
        data: { userId, provider: a.provider, subject: a.subject },
        metadata: systemMetadata(core, `link:${a.provider}:${userId}`),
      })
    : null;
  await settled(core, claim, linked);
  const phoneBound = account.state.status === 'registered' && account.state.phone !== undefined;
  return { ...(await startSession(core, appOf(caller), userId, input.deviceKind)), created: registered, phoneBound };
};

/** Links an external account to the signed-in user; one that signs someone else in is EXTERNAL_IDENTITY_TAKEN. */
export const linkExternalIdentity = (core: Core, caller: Caller, input: { provider: ExternalProvider; credential: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'linkExternalIdentity', { provider: input.provider }, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const a = await verified(core, input.provider, input.credential);
    const account = await core.bus.load(accountDecider, accountStream(user.userId));
    const held = account.state.status === 'registered' ? account.state.externalIdentities.find((x) => x.provider === a.provider) : undefined;
    if (held?.subject === a.subject) return { provider: a.provider, linked: true as const };
    // Refused before claiming: a claim this account could not link would lock the identity out.
    if (held) throw new CodedError('CONFLICT', `another ${a.provider} account is already linked`, { provider: a.provider });
    const claim = await core.bus.handle(externalIdentityDecider, externalIdentityStream(a.provider, a.subject), {
      type: 'ClaimExternalIdentity',
      data: { provider: a.provider, subject: a.subject, userId: user.userId },
      metadata: meta,
    });
    if (claim.state.status !== 'claimed' || claim.state.userId !== user.userId) throw new CodedError('EXTERNAL_IDENTITY_TAKEN', `this ${a.provider} account belongs to another user`, { provider: a.provider });
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'LinkExternalIdentity', data: { userId: user.userId, provider: a.provider, subject: a.subject }, metadata: meta });
    await settled(core, claim, r);
    return { provider: a.provider, linked: true as const };
  });
