// The privacy switches the social graph honours, read in one place. The switches themselves
// (002/003 `needAuth`, `searchMobile`) are the account's, and the identity half of issue #16 adds
// them to the account aggregate; until then every account has the defaults below, the safer
// side of each switch. The relation use cases call only these functions, so wiring the real
// switches changes this file alone.
import type { Core } from './core.js';

/**
 * Does adding this user as a friend need their answer (`needAuth`)? When it does not, a request
 * makes friends at once (FriendAdded via auto_accept).
 */
// TODO(#16 identity): read the account's friend-verification switch; default on until it exists.
export const needsVerification = async (_core: Core, _userId: string): Promise<boolean> => true;

/**
 * May others find these users by their phone number (`searchMobile`)? Phone-book matching
 * leaves out everyone who may not be found, as if they were not registered.
 */
// TODO(#16 identity): read each account's "find me by phone" switch; default on until it exists.
export const findableByPhone = async (_core: Core, userIds: readonly string[]): Promise<ReadonlySet<string>> => new Set(userIds);
