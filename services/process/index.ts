// The process managers, each with its own checkpoint: the money flows finish what a command
// started in another aggregate, from the log, by running the same reactions the use cases run at
// once (services/app/reactions.ts); the chat cards post money into its conversations
// (services/app/cards.ts). Every command they issue has an id derived from its cause, so a
// redelivered event acts once.
import { asDomainEvent } from '../../domain/index.js';
import type { Core } from '../app/core.js';
import { follow } from '../app/follow.js';
import { reactedTypes } from '../app/reactions.js';
import { cardEventTypes, postCard } from '../app/cards.js';
import type { ProcessManager } from '../shared/consumers/reactor.js';

/** Needs the bus only, so a simulation (services/sim) runs the real process manager. */
export const processManagers = (core: Pick<Core, 'bus'>): ProcessManager[] => [
  {
    name: 'money-flows',
    handles: reactedTypes,
    react: async (e) => {
      const event = asDomainEvent(e);
      if (event) await follow(core.bus, event, { fromLog: true });
    },
  },
  // Apart from the money flows: a card that cannot be posted never holds money back.
  {
    name: 'chat-cards',
    handles: cardEventTypes,
    react: async (e) => {
      const event = asDomainEvent(e);
      if (event) await postCard(core.bus, event);
    },
  },
];
