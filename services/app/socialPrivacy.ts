// The privacy switches the social graph honours, read in one place. The switches themselves
// (002/003 `needAuth`, `searchMobile`) are the account's (profiles.ts); the relation use cases
// call only these functions.
import type { Core } from './core.js';
import { usersFindableByPhone } from '../../projections/queries.js';
import { privacyOf } from './profiles.js';

/**
 * Does adding this user as a friend need their answer (`needAuth`)? When it does not, a request
 * makes friends at once (FriendAdded via auto_accept).
 */
export const needsVerification = async (core: Core, userId: string): Promise<boolean> => (await privacyOf(core, userId)).needAuth;

/**
 * May others find these users by their phone number (`searchMobile`)? Phone-book matching
 * leaves out everyone who may not be found, as if they were not registered. One read of the
 * users read model, where the switch is projected.
 */
export const findableByPhone = async (core: Core, userIds: readonly string[]): Promise<ReadonlySet<string>> => new Set(await usersFindableByPhone(core.pool, userIds));
