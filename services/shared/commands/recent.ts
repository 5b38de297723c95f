// The command ids one stream remembers, for deduplication without a read: the last `limit`
// commands, with their events (or, restored from a snapshot, where their events are).
//
// `complete` says whether the memory holds every command the stream has ever taken (it was
// built from revision 0 and nothing was forgotten since). While it does, a command id missing
// here is new for sure; once it does not, the bus asks the store about a missing id before it
// answers a refusal (see decideBatch.ts), so a command once acted on is recognised for as long
// as its events exist, however many commands came after it.
import type { StoredEvent } from '../../../domain/events.js';
import type { RecentCommand } from './snapshots.js';

interface Range {
  from: number;
  count: number;
}

export class CommandMemory {
  private readonly byId = new Map<string, StoredEvent[] | Range>();
  complete: boolean;

  constructor(
    private readonly limit: number,
    fromSnapshot?: readonly RecentCommand[],
  ) {
    this.complete = fromSnapshot === undefined;
    for (const [id, from, count] of fromSnapshot ?? []) this.byId.set(id, { from, count });
  }

  get size(): number {
    return this.byId.size;
  }

  /** The command's events, where in the stream they are (known only as a range), or undefined. */
  get(commandId: string): StoredEvent[] | Range | undefined {
    return this.byId.get(commandId);
  }

  /**
   * Events in stream order; consecutive events of one command join its entry. An event the entry
   * already holds is not added again: a lookup (`set`) may have learned a command's events from
   * the store before this stream's catch-up reaches them (another process appended them), and the
   * command would otherwise be answered with each of its events twice.
   */
  remember(ev: StoredEvent): void {
    const id = ev.metadata.commandId;
    if (typeof id !== 'string') return;
    const list = this.byId.get(id);
    if (!Array.isArray(list)) this.add(id, [ev]);
    else if (!list.some((known) => known.id === ev.id)) list.push(ev);
  }

  /** A command's events found in the store (a lookup or a range read back). */
  set(commandId: string, events: StoredEvent[]): void {
    if (this.byId.has(commandId)) this.byId.set(commandId, events);
    else this.add(commandId, events);
  }

  private add(id: string, events: StoredEvent[]): void {
    this.byId.set(id, events);
    if (this.byId.size <= this.limit) return;
    const oldest = this.byId.keys().next();
    if (!oldest.done) this.byId.delete(oldest.value);
    this.complete = false;
  }

  /** For a snapshot: each command as [id, first revision, count]. */
  ranges(): RecentCommand[] {
    const out: RecentCommand[] = [];
    for (const [id, r] of this.byId) {
      if (!Array.isArray(r)) out.push([id, r.from, r.count]);
      else if (r[0]) out.push([id, r[0].revision, r.length]);
    }
    return out;
  }
}
