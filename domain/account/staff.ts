// Internal staff (seed 004 `position`, shown only between staff): an operator gives a user a job
// title, or ends it (null). Who may is the service's check (the operator role); the decision needs
// the account to exist and a one-line title.
import { requireText } from '../rules.js';
import { registered } from './guards.js';
import { MAX_STAFF_POSITION_LENGTH, type Account, type AccountEvent, type SetStaffPosition } from './types.js';

export const setStaffPosition = (c: SetStaffPosition, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const position = c.data.position === null ? null : requireText('position', typeof c.data.position === 'string' ? c.data.position.trim() : c.data.position, { max: MAX_STAFF_POSITION_LENGTH });
  if ((user.staffPosition ?? null) === position) return [];
  return [{ type: 'StaffPositionSet', data: { userId: user.userId, position, by: c.data.by } }];
};
