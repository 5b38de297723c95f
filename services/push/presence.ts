// Who is online on this gateway: open sockets per user (guests are not users and are not
// counted). `connected` and `disconnected` say when a user came online (their first socket) or
// went offline (their last one), which is when their groups' online counts change.
//
// One gateway knows only its own sockets. With several gateways behind a balancer each answers
// for the users connected to it; a shared count would need the gateways to publish their
// presence (a table or a pub/sub keyed by gateway, with expiry) and is not built (README).

export interface PresenceTable {
  /** A socket of this user opened; true when it is the user's first (they came online). */
  connected(userId: string): boolean;
  /** A socket of this user closed; true when it was the user's last (they went offline). */
  disconnected(userId: string): boolean;
  /** Which of these users have a socket here. */
  onlineAmong(userIds: readonly string[]): Set<string>;
  /** Users with at least one socket. */
  size(): number;
}

export const presenceTable = (): PresenceTable => {
  const sockets = new Map<string, number>();
  return {
    connected(userId) {
      const n = sockets.get(userId) ?? 0;
      sockets.set(userId, n + 1);
      return n === 0;
    },
    disconnected(userId) {
      const n = sockets.get(userId) ?? 0;
      if (n <= 1) sockets.delete(userId);
      else sockets.set(userId, n - 1);
      return n === 1;
    },
    onlineAmong: (userIds) => new Set(userIds.filter((id) => sockets.has(id))),
    size: () => sockets.size,
  };
};
