// Internal staff (seed 004 `position`, shown only between staff): an operator gives a user a job
// title, or ends it (null). Who may is the service's check (the operator role); the decision needs
// the account to exist and a one-line title. The company id (004 `com_id`, shown to
// administrators) is kept the same way: an operator's one-line value, or null to clear it.
import { requireText } from '../rules.js';
import { registered } from './guards.js';
import { MAX_COMPANY_ID_LENGTH, MAX_STAFF_POSITION_LENGTH, type Account, type AccountEvent, type SetCompanyId, type SetStaffPosition } from './types.js';

/** A trimmed one-line value, or null (cleared). */
const oneLine = (field: string, value: string | null, max: number): string | null =>
  value === null ? null : requireText(field, typeof value === 'string' ? value.trim() : value, { max });

export const setStaffPosition = (c: SetStaffPosition, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const position = oneLine('position', c.data.position, MAX_STAFF_POSITION_LENGTH);
  if ((user.staffPosition ?? null) === position) return [];
  return [{ type: 'StaffPositionSet', data: { userId: user.userId, position, by: c.data.by } }];
};

export const setCompanyId = (c: SetCompanyId, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const companyId = oneLine('companyId', c.data.companyId, MAX_COMPANY_ID_LENGTH);
  if ((user.companyId ?? null) === companyId) return [];
  return [{ type: 'CompanyIdSet', data: { userId: user.userId, companyId, by: c.data.by } }];
};
