// Keeps the gateway's announcements in log order while some of them wait for a lookup first
// (a sender's card: PushDialect.prepare). An announcement whose lookup is done, with nothing
// queued before it, runs at once (the common case costs nothing); otherwise it queues, and each
// queued one runs when its own lookup is done and everything before it has run. Lookups start
// at once, in parallel. A wait is bounded (`maxWaitMs`): past it the announcement runs anyway,
// so a slow read store delays push by that much at most, never stops it.

export interface OrderedRunner {
  /** Runs `run` after `ready` (null: nothing to wait for) and after everything pushed before it. */
  push(ready: Promise<unknown> | null, run: () => void): void;
  /** Announcements waiting. */
  pending(): number;
}

/** Resolves when `p` settles (either way) or after `ms`, whichever comes first. */
export const bounded = (p: Promise<unknown>, ms: number): Promise<void> =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    p.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => clearTimeout(timer));
  });

export const orderedRunner = (maxWaitMs: number, onError: (err: unknown) => void): OrderedRunner => {
  const queue: { ready: Promise<void> | null; run: () => void }[] = [];
  let draining = false;

  const runSafely = (run: () => void) => {
    try {
      run();
    } catch (err) {
      onError(err);
    }
  };

  const drain = async () => {
    draining = true;
    for (let item = queue[0]; item; item = queue[0]) {
      if (item.ready) await item.ready;
      queue.shift();
      runSafely(item.run);
    }
    draining = false;
  };

  return {
    push(ready, run) {
      if (!draining && queue.length === 0 && ready === null) return runSafely(run);
      queue.push({ ready: ready === null ? null : bounded(ready, maxWaitMs), run });
      if (!draining) void drain();
    },
    pending: () => queue.length,
  };
};
