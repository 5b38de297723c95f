// Turns many concurrent single-row statements into one statement per batch. Items queued in
// the same tick (and while earlier batches are in flight) go together; each caller gets its
// own result.
//
// One item must never fail the others: a value PostgreSQL refuses (a NUL in jsonb, say) fails
// the whole statement. `run` must be all or nothing (one statement), so a refused batch changed
// nothing and its halves can run again on their own, down to the item at fault, which alone
// gets the error (a few extra round trips, only after a refusal). Errors that are not about the
// input (connection lost, timeout, shutdown) fail the batch as before: retrying them item by
// item would only multiply the load on a database in trouble.

/**
 * PostgreSQL refused the statement for what it was given: SQLSTATE class 21 (cardinality:
 * one key twice), 22 (data exception: NUL in jsonb, an unpaired surrogate, invalid text for a
 * type), 23 (integrity constraint) or 54 (program limit: a value or batch too large). The
 * statement was rolled back; smaller batches without the offending item can succeed.
 */
export const refusedForItsInput = (err: unknown): boolean => {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(21|22|23|54)[0-9A-Z]{3}$/.test(code);
};

/**
 * Runs `batch` with `attempt`; when it is refused for its input, runs each half again on its
 * own, down to single items. `fail` then gets only the items still refused.
 */
export const isolating = async <T>(batch: T[], attempt: (part: T[]) => Promise<void>, fail: (part: T[], err: unknown) => void): Promise<void> => {
  try {
    await attempt(batch);
  } catch (err) {
    if (batch.length < 2 || !refusedForItsInput(err)) return fail(batch, err);
    const half = Math.ceil(batch.length / 2);
    await Promise.all([isolating(batch.slice(0, half), attempt, fail), isolating(batch.slice(half), attempt, fail)]);
  }
};

export interface BatcherOptions {
  maxBatch?: number;
  /** Batches in flight at once; more items wait and join the next batch. */
  maxInFlight?: number;
}

export const batcher = <I, O>(run: (items: I[]) => Promise<O[]>, opts: BatcherOptions = {}) => {
  const maxBatch = opts.maxBatch ?? 500;
  const maxInFlight = opts.maxInFlight ?? 4;
  let queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      // isolating never rejects: every item's outcome goes to its own caller.
      void isolating(
        batch,
        async (part) => {
          const out = await run(part.map((b) => b.item));
          part.forEach((b, i) => b.resolve(out[i] as O));
        },
        (part, err) => part.forEach((b) => b.reject(err)),
      ).finally(() => {
        inFlight--;
        if (queue.length > 0) schedule();
      });
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  return (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
};
