// Turns many concurrent single-row statements into one statement per batch. Items queued in
// the same tick (and while earlier batches are in flight) go together; each caller gets its
// own result. A failed batch fails every item in it, and each caller decides what that means.
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
      run(batch.map((b) => b.item)).then(
        (out) => batch.forEach((b, i) => b.resolve(out[i] as O)),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
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
