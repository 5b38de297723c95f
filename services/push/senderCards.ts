// Names and avatars for the senderInfo of 004's frames. An encoder is synchronous (a frame is
// encoded once for every socket of a topic), so the cards a message needs are fetched before it
// is encoded: `prefetch` answers null when every card is known (the common case: no wait), or a
// promise the gateway waits on before it publishes that message (and the ones after it, in order).
// A failed or slow lookup never holds push back for long: the caller bounds the wait, and the card
// then reads empty for that frame, as the seed's clients tolerate.
//
// A card changes when its user renames or changes avatar: the gateway hands each live `profile`
// message to `update` in log order, so the next frame from that user shows the change. A card not
// held then is looked up later from the people read model, which may not have seen the change yet
// (it is another consumer): the change is kept and laid over what that lookup finds.

export type Card = { nickname: string; avatar: string };

export interface SenderCards {
  /** Null when all these users' cards are known; otherwise the lookup of the missing ones. */
  prefetch(userIds: readonly string[]): Promise<void> | null;
  /** A known card, or an empty one. */
  of(userId: string): Card;
  /** The user's name or avatar changed (a live profile message, in log order). */
  update(userId: string, change: Partial<Card>): void;
}

const EMPTY: Card = { nickname: '', avatar: '' };

export const senderCards = (lookup: (userIds: string[]) => Promise<Map<string, Card>>, opts: { max?: number; skip?: (id: string) => boolean } = {}): SenderCards => {
  const max = opts.max ?? 50_000;
  const cards = new Map<string, Card>();
  /** Changes seen for users whose card is not held: laid over their next lookup. */
  const changes = new Map<string, Partial<Card>>();
  /** Lookups in flight, so a burst from one new sender asks once. */
  const inFlight = new Map<string, Promise<void>>();
  return {
    prefetch(userIds) {
      const missing = [...new Set(userIds)].filter((id) => id !== '' && !cards.has(id) && !(opts.skip?.(id) ?? false));
      if (missing.length === 0) return null;
      const waits = missing.flatMap((id) => {
        const p = inFlight.get(id);
        return p ? [p] : [];
      });
      const ask = missing.filter((id) => !inFlight.has(id));
      if (ask.length > 0) {
        const p = lookup(ask).then(
          (found) => {
            if (cards.size + found.size > max) cards.clear();
            // Only cards found are kept: a profile the read model does not show yet is asked again.
            for (const [id, card] of found) {
              cards.set(id, { ...card, ...changes.get(id) });
              changes.delete(id);
            }
          },
          () => undefined,
        );
        const done = p.finally(() => ask.forEach((id) => inFlight.delete(id)));
        for (const id of ask) inFlight.set(id, done);
        waits.push(done);
      }
      return Promise.all(waits).then(() => undefined);
    },
    of: (userId) => cards.get(userId) ?? EMPTY,
    update(userId, change) {
      const held = cards.get(userId);
      if (held) return void cards.set(userId, { ...held, ...change });
      if (changes.size >= max) changes.clear();
      changes.set(userId, { ...changes.get(userId), ...change });
    },
  };
};
