// The open subscriptions of one store: closing the store closes them all and waits for each
// loop to finish, so no handler runs after close() resolves.
import type { Subscription } from './port.js';

export const subscriptionSet = () => {
  const open = new Set<Subscription>();
  return {
    /** Registers a running loop; `stop` asks it to end, `done` settles when it has. */
    track(stop: () => void, done: Promise<void>): Subscription {
      const sub: Subscription = {
        close: async () => {
          stop();
          await done;
          open.delete(sub);
        },
      };
      open.add(sub);
      return sub;
    },
    closeAll: async () => {
      await Promise.all([...open].map((s) => s.close()));
    },
  };
};
