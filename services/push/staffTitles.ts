// Staff titles (seed 004 `position`) in the socket's application notices (eventType 23 and 31):
// a title is shown only when both the reader and its holder are internal staff, the rule of
// /user/userInfo and /friend/list (services/app/staff.ts, visibleStaffPositions). So these frames
// depend on their reader. They are all on `user:` channels, whose topic only its owner's sockets
// hold (the gateway authorizes a user channel to its owner alone), so the channel's owner is the
// reader: each is encoded once for that user, still once per topic, and every other frame keeps
// the encode-once path unchanged.
//
// The titles a message shows are looked up before it is encoded (the dialect's prepare, awaited
// by the gateway in log order, bounded like the sender cards): one question per reader for the
// messages at hand. Past the bound, or on a failed lookup, the frame shows "" (as before).
import type { PushMessage } from '../../projections/push/store.js';
import type { Core } from '../app/core.js';
import { visibleStaffPositions } from '../app/staff.js';
import { applicationPeople, ownerOf } from './chatPlatformNotices.js';

const readerOf = (m: PushMessage): string => ownerOf(m.channel);

/** The users whose titles a message's frame may show (applicants, requesters, targets); none for other messages. */
const holdersOf = (m: PushMessage): string[] => {
  const of = applicationPeople[m.type] as ((m: PushMessage) => string[]) | undefined;
  return of ? of(m).filter((id) => id !== '') : [];
};

export interface StaffTitles {
  /** Null when none of these messages shows a title; otherwise the lookups, done when each is known. */
  prepare(msgs: readonly PushMessage[]): Promise<void> | null;
  /** The title its reader may see for this user in this message, or "". */
  of(m: PushMessage, userId: string): string;
}

export const staffTitles = (core: Core, app: 'chat-platform'): StaffTitles => {
  /** By message object: the gateway encodes the very messages it prepared (live and replayed). */
  const seen = new WeakMap<PushMessage, ReadonlyMap<string, string>>();
  return {
    prepare(msgs) {
      const byReader = new Map<string, { msgs: PushMessage[]; holders: Set<string> }>();
      for (const m of msgs) {
        const wanted = holdersOf(m);
        const reader = readerOf(m);
        if (wanted.length === 0 || reader === '' || seen.has(m)) continue;
        const entry = byReader.get(reader) ?? { msgs: [], holders: new Set<string>() };
        entry.msgs.push(m);
        wanted.forEach((id) => entry.holders.add(id));
        byReader.set(reader, entry);
      }
      if (byReader.size === 0) return null;
      const asks = [...byReader].map(async ([reader, { msgs: theirs, holders: ids }]) => {
        const caller = { kind: 'user' as const, userId: reader, roles: [], app };
        const titles = await visibleStaffPositions(core, caller, { userIds: [...ids] });
        for (const m of theirs) seen.set(m, titles);
      });
      // A failed lookup shows no titles; it never holds push back.
      return Promise.all(asks).then(
        () => undefined,
        () => undefined,
      );
    },
    of: (m, userId) => seen.get(m)?.get(userId) ?? '',
  };
};
