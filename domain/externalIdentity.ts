// An external identity's claim (a Weibo or WeChat account): the first event of
// `external-<provider>-<subject>` binds it to one user. Concurrent first logins with the same
// external account race on the first append and all sign in as the winner, as with phones
// (phone.ts); linking an identity someone else holds is refused by the service, which reads the
// holder from the state.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { requireId, requireText } from './rules.js';

export const externalProviders = ['weibo', 'wechat'] as const;
export type ExternalProvider = (typeof externalProviders)[number];

export const MAX_SUBJECT_LENGTH = 128;

const provider = (p: ExternalProvider): ExternalProvider =>
  (externalProviders as readonly string[]).includes(p) ? p : fail('VALIDATION_FAILED', `provider must be one of ${externalProviders.join(', ')}`, { field: 'provider' });

/** The provider's stable id of the account (WeChat unionid/openid, Weibo uid). */
export const requireSubject = (subject: string): string => requireText('subject', subject, { max: MAX_SUBJECT_LENGTH });

export type ExternalIdentityClaimed = { type: 'ExternalIdentityClaimed'; data: { provider: ExternalProvider; subject: string; userId: string } };
export type ExternalIdentityEvent = ExternalIdentityClaimed;

/** `userId` is a fresh id at a first login (used only if this claim wins), or the signed-in user who links it. */
export type ClaimExternalIdentity = { type: 'ClaimExternalIdentity'; data: { provider: ExternalProvider; subject: string; userId: string }; metadata: CommandMetadata };
export type ExternalIdentityCommand = ClaimExternalIdentity;

export type ExternalIdentityClaim = { status: 'unclaimed' } | { status: 'claimed'; provider: ExternalProvider; subject: string; userId: string };

export const initialState = (): ExternalIdentityClaim => ({ status: 'unclaimed' });

export const evolve = (s: ExternalIdentityClaim, e: ExternalIdentityEvent): ExternalIdentityClaim => {
  switch (e.type) {
    case 'ExternalIdentityClaimed':
      return s.status === 'unclaimed' ? { status: 'claimed', ...e.data } : s;
    default:
      return s;
  }
};

export const decide = (c: ExternalIdentityCommand, s: ExternalIdentityClaim): ExternalIdentityEvent[] => {
  switch (c.type) {
    case 'ClaimExternalIdentity':
      if (s.status === 'claimed') return [];
      return [{ type: 'ExternalIdentityClaimed', data: { provider: provider(c.data.provider), subject: requireSubject(c.data.subject), userId: requireId('userId', c.data.userId) } }];
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const externalIdentityStream = (p: ExternalProvider, subject: string): string => `external-${p}-${subject}`;

export const externalIdentityDecider: Decider<ExternalIdentityClaim, ExternalIdentityCommand, ExternalIdentityEvent> = { initialState, evolve, decide };
