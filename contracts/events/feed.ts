// Stored event payloads of moments preferences (domain/feedPrefs.ts); part of contracts/events.ts.
import { z } from 'zod';
import { Id } from './primitives.js';

export const feedPrefs = {
  FeedCoverSet: z.object({ userId: Id, mediaId: Id }),
  FeedSwitchSet: z.object({ userId: Id, otherId: Id, switch: z.enum(['hideMine', 'hideTheirs']), on: z.boolean() }),
};
