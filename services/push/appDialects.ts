// The seed apps' socket dialects on the push gateway, beside /v1's (dialects.ts): each a different
// encoding of the same channels and seqs. Authentication is the core session's, as for /v1.
import type { Core } from '../app/core.js';
import { listMyGroups } from '../app/groups.js';
import type { Principal, PushDialect } from './dialects.js';
import { imPushDialect } from './imDialect.js';

export const appPushDialects = (core: Core): PushDialect[] => {
  const authenticate = async (token: string): Promise<Principal | null> => {
    const s = await core.sessions.verify(token, core.clock());
    return s ? { userId: s.userId, expiresAt: s.expiresAt, sessionKey: s.key, token } : null;
  };
  const groupsOf = async (userId: string): Promise<string[]> => {
    const caller = { kind: 'user' as const, userId, roles: [], app: 'core' as const };
    const out: string[] = [];
    let cursor: string | undefined;
    // A user is in at most a few hundred groups; the cap keeps a pathological account bounded.
    do {
      const page = await listMyGroups(core, caller, { limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((g) => g.groupId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < 2000);
    return out;
  };
  return [imPushDialect('im-groups-wallet', { authenticate, groupsOf }), imPushDialect('chat-wallet', { authenticate, groupsOf })];
};
