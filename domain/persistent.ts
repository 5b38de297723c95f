// Persistent (immutable, structure-sharing) string-keyed maps and sets for aggregate state.
//
// `evolve` must not mutate a state (the command pipeline may drop a state it decided against),
// and copying a whole Map or Set per event makes a hot aggregate quadratic: the 1,000th grab of
// a red packet copied 999 entries, the 10,000th listener joining a room 9,999. Here a key lives
// in one of 32 × 32 leaf maps chosen by its hash, and `set` copies two 32-slot arrays and one
// leaf (about n / 1024 entries), leaving the old map intact. Iteration order is by hash, not by
// insertion: nothing in the domain may depend on it.

type Leaf<V> = ReadonlyMap<string, V>;
type Mid<V> = readonly (Leaf<V> | undefined)[];
type Top<V> = readonly (Mid<V> | undefined)[];

const WIDTH = 32;

/** FNV-1a over UTF-16 code units: deterministic, no I/O, spreads ids well. */
const hash = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

const withSlot = <T>(arr: readonly T[] | undefined, i: number, value: T): T[] => {
  const copy = arr ? arr.slice() : new Array<T>(WIDTH);
  copy[i] = value;
  return copy;
};

export class PersistentMap<V> {
  private constructor(
    private readonly top: Top<V>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>([], 0);
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let m = PersistentMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  private leaf(key: string): { h: number; leaf: Leaf<V> | undefined } {
    const h = hash(key);
    return { h, leaf: this.top[h & 31]?.[(h >>> 5) & 31] };
  }

  get(key: string): V | undefined {
    return this.leaf(key).leaf?.get(key);
  }

  has(key: string): boolean {
    return this.leaf(key).leaf?.has(key) ?? false;
  }

  /** A new map with key set to value; this one is unchanged. */
  set(key: string, value: V): PersistentMap<V> {
    const { h, leaf } = this.leaf(key);
    const grew = leaf?.has(key) ? 0 : 1;
    const nextLeaf = new Map(leaf).set(key, value);
    return this.replace(h, nextLeaf, this.size + grew);
  }

  /** A new map without key (this one when key is absent). */
  delete(key: string): PersistentMap<V> {
    const { h, leaf } = this.leaf(key);
    if (!leaf?.has(key)) return this;
    const nextLeaf = new Map(leaf);
    nextLeaf.delete(key);
    return this.replace(h, nextLeaf.size > 0 ? nextLeaf : undefined, this.size - 1);
  }

  private replace(h: number, leaf: Leaf<V> | undefined, size: number): PersistentMap<V> {
    const t = h & 31;
    const mid = withSlot(this.top[t], (h >>> 5) & 31, leaf);
    return new PersistentMap(withSlot(this.top, t, mid), size);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const mid of this.top) for (const leaf of mid ?? []) if (leaf) yield* leaf;
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
}

export class PersistentSet {
  private constructor(private readonly map: PersistentMap<true>) {}

  static empty(): PersistentSet {
    return new PersistentSet(PersistentMap.empty());
  }

  static from(keys: Iterable<string>): PersistentSet {
    let s = PersistentSet.empty();
    for (const k of keys) s = s.add(k);
    return s;
  }

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(key: string): PersistentSet {
    return this.map.has(key) ? this : new PersistentSet(this.map.set(key, true));
  }

  delete(key: string): PersistentSet {
    const m = this.map.delete(key);
    return m === this.map ? this : new PersistentSet(m);
  }

  values(): IterableIterator<string> {
    return this.map.keys();
  }
}
