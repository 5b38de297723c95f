// The streams a bus keeps in memory, least recently used dropped first (approximately: an entry
// moves to the back only once it has drifted into the older half, so a hot stream's calls do not
// each delete and re-insert it). Entries with queued or running work are never dropped.
export interface Cached {
  streamId: string;
  /** The cache's use counter when this entry last moved to the back. */
  touchedAt: number;
  running: boolean;
  queue: readonly unknown[];
}

export const streamCache = <E extends Cached>(size: number) => {
  const entries = new Map<string, E>();
  let clock = 0;
  return {
    get: (streamId: string): E | undefined => entries.get(streamId),
    /** Marks the entry used (adding it if new) and drops idle old entries past the size. */
    touch(e: E): void {
      clock++;
      if (clock - e.touchedAt < size / 2 && entries.get(e.streamId) === e) return;
      e.touchedAt = clock;
      entries.delete(e.streamId);
      entries.set(e.streamId, e);
      if (entries.size <= size) return;
      for (const [id, old] of entries) {
        if (entries.size <= size) break;
        if (!old.running && old.queue.length === 0) entries.delete(id);
      }
    },
  };
};
