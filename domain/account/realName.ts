// Real-name verification (002/003 `isAuth`: 0 none, 1 pending, 2 approved, 3 rejected). The log
// keeps only masked values: events last for ever and auditors read them, and an identity number
// is what a privacy law lets a person have erased. The full name and number go to the service's
// vault table (services/app/realNames.ts), read only by the operators who review them.
import { fail } from '../errors.js';
import { actor, requireText } from '../rules.js';
import { ownedBy, registered } from './guards.js';
import type { Account, AccountEvent, DecideRealName, SubmitRealName } from './types.js';

export const MAX_REAL_NAME_LENGTH = 60;
export const MAX_REJECT_REASON_LENGTH = 200;

/** Resident identity card (18: 17 digits and a digit or X), passports and other documents: 6-30 letters and digits. */
const ID_NUMBER = /^[0-9A-Z]{6,30}$/;

export interface RealNameInput {
  name: string;
  idNumber: string;
}

/** The submitted values, checked and normalised (trimmed name, upper-case number), with their masks. */
export const realNameOf = (input: RealNameInput): RealNameInput & { maskedName: string; maskedIdNumber: string } => {
  const name = requireText('name', typeof input.name === 'string' ? input.name.trim() : input.name, { max: MAX_REAL_NAME_LENGTH });
  const idNumber = typeof input.idNumber === 'string' ? input.idNumber.trim().toUpperCase() : '';
  if (!ID_NUMBER.test(idNumber)) return fail('VALIDATION_FAILED', 'idNumber must be 6-30 letters and digits', { field: 'idNumber' });
  return { name, idNumber, maskedName: maskName(name), maskedIdNumber: maskIdNumber(idNumber) };
};

/** The first character, the rest as stars: 张三丰 → 张**. By code point, so a surrogate pair stays whole. */
export const maskName = (name: string): string => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
};

/** The first two and last two characters: 110101199001011234 → 11**************34. */
export const maskIdNumber = (id: string): string => (id.length <= 4 ? '*'.repeat(id.length) : `${id.slice(0, 2)}${'*'.repeat(id.length - 4)}${id.slice(-2)}`);

const MASKED = /^[^*]?\*+$/u;

export const submitRealName = (c: SubmitRealName, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata, 'verification');
  if (user.realName.status === 'pending') return fail('CONFLICT', 'a verification is already under review', { status: 'pending' });
  if (user.realName.status === 'approved') return fail('CONFLICT', 'this account is already verified', { status: 'approved' });
  const maskedName = requireText('maskedName', c.data.maskedName, { max: MAX_REAL_NAME_LENGTH });
  const maskedIdNumber = requireText('maskedIdNumber', c.data.maskedIdNumber, { max: 30 });
  // Defence in depth: what reaches the log must already be masked.
  if (!MASKED.test(maskedName) || !/^[0-9A-Z]{0,2}\*+[0-9A-Z]{0,2}$/.test(maskedIdNumber)) return fail('VALIDATION_FAILED', 'real-name values must be masked', { field: 'maskedIdNumber' });
  return [{ type: 'RealNameSubmitted', data: { userId: user.userId, maskedName, maskedIdNumber } }];
};

export const decideRealName = (c: DecideRealName, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const operatorId = actor(c.metadata);
  if (user.realName.status !== 'pending') return fail('CONFLICT', 'no verification is under review', { status: user.realName.status });
  if (c.data.decision === 'approve') return [{ type: 'RealNameApproved', data: { userId: user.userId, operatorId } }];
  if (c.data.decision !== 'reject') return fail('VALIDATION_FAILED', 'decision must be approve or reject', { field: 'decision' });
  const reason = c.data.reason === undefined ? undefined : requireText('reason', c.data.reason, { max: MAX_REJECT_REASON_LENGTH, multiline: true });
  return [{ type: 'RealNameRejected', data: { userId: user.userId, operatorId, ...(reason !== undefined ? { reason } : {}) } }];
};
