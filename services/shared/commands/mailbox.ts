// One mailbox per stream: commands queue, and one pump per mailbox takes them in batches of up
// to maxBatch, one batch at a time. That is the whole of "hot keys are serialized, not locked":
// a thousand grabs of one red packet are a queue here, not a thousand row locks.
export interface Mailbox<P> {
  queue: P[];
  running: boolean;
}

export interface Mailboxes<P> {
  /** Starts the mailbox's pump unless it is already running. */
  kick(m: Mailbox<P>): void;
  /** Resolves once every pump has stopped (all mailboxes empty). */
  drain(): Promise<void>;
}

export const mailboxes = <P>(
  maxBatch: number,
  run: (m: Mailbox<P>, batch: P[]) => Promise<void>,
  /** A batch that threw: its commands are failed with the error; the mailbox goes on. */
  fault: (m: Mailbox<P>, batch: P[], err: unknown) => void,
): Mailboxes<P> => {
  const pumps = new Set<Promise<void>>();
  const pump = async (m: Mailbox<P>) => {
    m.running = true;
    try {
      while (m.queue.length > 0) {
        const batch = m.queue.splice(0, maxBatch);
        try {
          await run(m, batch);
        } catch (err) {
          fault(m, batch, err);
        }
      }
    } finally {
      m.running = false;
    }
  };
  return {
    kick(m) {
      if (m.running) return;
      const p = pump(m);
      pumps.add(p);
      void p.finally(() => pumps.delete(p));
    },
    async drain() {
      while (pumps.size > 0) await Promise.allSettled([...pumps]);
    },
  };
};
