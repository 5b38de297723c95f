// An operator's view of a user (004 /user/userInfo's fields "returned only when an administrator
// views", and GET /v1/admin/users/:userId): what the account keeps that other users may not see,
// its phone, its real-name flag, its company id and staff title, its profile's description.
// Operators (the role, or the operator CLI) only; the rule is here, so every surface that shows
// these fields asks this module and renders what it answers.
//
// The core keeps no email address and no user level (no seed has a call that sets either): the
// view carries neither, and a surface that must show them renders its seed's empty value.
import { accountDecider, accountStream } from '../../domain/account.js';
import { notFound } from './access.js';
import { hasRole, requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';

export interface OperatorUserView {
  userId: string;
  nickname: string;
  /** The user's display number (assigned at registration; null for an account from before numbers that has not signed in since). */
  displayNumber: string | null;
  /** As stored: E.164 (`+8613…`), null for an account made by a third-party login without one. */
  phone: string | null;
  /** Real-name verification approved. */
  verified: boolean;
  /** The profile's description, null when unset. */
  description: string | null;
  /** The company id operators set (004 `com_id`), null when none. */
  companyId: string | null;
  /** The staff title operators set (004 `position`), null when not staff. */
  staffPosition: string | null;
}

/** A user as operators see them; FORBIDDEN for anyone else, NOT_FOUND for an unknown user. */
export const operatorUserView = async (core: Core, caller: Caller, input: { userId: string }): Promise<OperatorUserView> => {
  requireRole(caller, 'operator');
  const { state: s } = await core.bus.load(accountDecider, accountStream(input.userId));
  if (s.status !== 'registered') throw notFound('user', { userId: input.userId });
  return {
    userId: s.userId,
    nickname: s.nickname,
    displayNumber: s.displayNumber ?? null,
    phone: s.phone ?? null,
    verified: s.realName.status === 'approved',
    description: s.details.description ?? null,
    companyId: s.companyId ?? null,
    staffPosition: s.staffPosition ?? null,
  };
};

/**
 * The same view for answers that carry it only when an administrator reads them (004 U3): the
 * view for an operator, null for anyone else (who sees the answer without these fields).
 */
export const operatorUserViewIfAllowed = async (core: Core, caller: Caller, input: { userId: string }): Promise<OperatorUserView | null> =>
  hasRole(caller, 'operator') ? operatorUserView(core, caller, input) : null;
