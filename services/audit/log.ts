// Reading the whole global log in pages, as an async iterable, so the verifier and the export
// hold one page in memory at a time.
import { readEventData } from '../../contracts/events.js';
import type { EventStore, StoredEvent } from '../shared/event-store/port.js';

export const PAGE = 1000;

/** Events with position > from and ≤ upTo (the head when the read started, unless given). */
export async function* readLog(store: Pick<EventStore, 'readAll'>, opts: { from?: number; upTo: number }): AsyncGenerator<StoredEvent> {
  let at = opts.from ?? 0;
  while (at < opts.upTo) {
    const page = await store.readAll(at, PAGE);
    for (const e of page) {
      if (e.position > opts.upTo) return;
      yield e;
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    at = last.position;
  }
}

/**
 * An event read from the log for an audit or a rebuild: its payload upcast to the current shape
 * and checked against its schema (contracts/events.ts), or the reason it does not match.
 */
export const checkedEvent = (e: StoredEvent): { ok: true; event: StoredEvent } | { ok: false; error: string } => {
  const r = readEventData(e.type, e.data);
  return r.ok ? { ok: true, event: r.data === e.data ? e : { ...e, data: r.data } } : { ok: false, error: r.error };
};
