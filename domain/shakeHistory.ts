// A user's shake history (003 getRockRecord / removeRockRecord): the matches themselves are
// ShakeMatched on the pair's relation stream; what the user removed from their own list is this
// stream's. Removing an entry is for the remover only: the other side keeps theirs. Removing one
// already removed is no event (a retry changes nothing).
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireId } from './rules.js';

export type ShakeRecordRemoved = { type: 'ShakeRecordRemoved'; data: { userId: string; matchId: string } };
export type ShakeHistoryEvent = ShakeRecordRemoved;

export type RemoveShakeRecord = { type: 'RemoveShakeRecord'; data: { userId: string; matchId: string }; metadata: CommandMetadata };
export type ShakeHistoryCommand = RemoveShakeRecord;

/** The ids of the entries the user removed (a few: one per match they chose to forget). */
export type ShakeHistory = { removed: readonly string[] };

export const initialState = (): ShakeHistory => ({ removed: [] });

export const evolve = (s: ShakeHistory, e: ShakeHistoryEvent): ShakeHistory => {
  switch (e.type) {
    case 'ShakeRecordRemoved':
      return s.removed.includes(e.data.matchId) ? s : { removed: [...s.removed, e.data.matchId] };
    default:
      return s;
  }
};

export const decide = (c: ShakeHistoryCommand, s: ShakeHistory): ShakeHistoryEvent[] => {
  switch (c.type) {
    case 'RemoveShakeRecord': {
      if (actor(c.metadata) !== c.data.userId) return fail('FORBIDDEN', 'only its owner removes a shake history entry');
      const matchId = requireId('matchId', c.data.matchId);
      return s.removed.includes(matchId) ? [] : [{ type: 'ShakeRecordRemoved', data: { userId: c.data.userId, matchId } }];
    }
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const shakeHistoryStream = (userId: string): string => `shakes-${userId}`;

export const shakeHistoryDecider: Decider<ShakeHistory, ShakeHistoryCommand, ShakeHistoryEvent> = { initialState, evolve, decide };
