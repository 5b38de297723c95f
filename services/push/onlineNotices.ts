// 004's eventType 24 (a group's online count changed), throttled. A user coming online (first
// socket) or going offline (last socket) marks each of their groups; once per `throttleMs` the
// marked groups' counts are read and sent to the sockets holding the group, only where the count
// differs from the last one sent. A burst of connects (a reconnect storm after a deploy) is one
// frame per group per tick, not one per connect. The count is presence, not a logged fact: no
// seq, no history; a socket that was not there reads it with /room/getOnlineNumber.

export interface OnlineNoticesDeps {
  groupsOf(userId: string): Promise<string[]>;
  count(groupId: string): Promise<number>;
  send(groupId: string, count: number): void;
  throttleMs: number;
  log: { warn(obj: object, msg: string): void };
}

export interface OnlineNotices {
  /** A user came online or went offline. */
  changed(userId: string): void;
  /** Sends what is marked now (tests; the timer does it otherwise). */
  flush(): Promise<void>;
  close(): void;
}

/** Counts last sent, kept for this many groups at most (then forgotten: a repeat frame, never a wrong one). */
const MAX_REMEMBERED = 100_000;

export const onlineNotices = (deps: OnlineNoticesDeps): OnlineNotices => {
  const marked = new Set<string>();
  const lastSent = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = async () => {
    timer = null;
    const groups = [...marked];
    marked.clear();
    for (const groupId of groups) {
      if (closed) return;
      try {
        const n = await deps.count(groupId);
        if (lastSent.get(groupId) === n) continue;
        if (lastSent.size >= MAX_REMEMBERED) lastSent.clear();
        lastSent.set(groupId, n);
        deps.send(groupId, n);
      } catch (err) {
        deps.log.warn({ err, groupId }, 'push: online count failed');
      }
    }
  };

  const schedule = () => {
    if (timer !== null || closed) return;
    timer = setTimeout(() => void flush(), deps.throttleMs);
    timer.unref();
  };

  return {
    changed(userId) {
      deps.groupsOf(userId).then(
        (groups) => {
          for (const g of groups) marked.add(g);
          if (groups.length > 0) schedule();
        },
        (err: unknown) => deps.log.warn({ err, userId }, 'push: groups of a user failed'),
      );
    },
    flush,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
};
