// Removing one entry of the caller's shake history (003 removeRockRecord): an event on the
// caller's own shake-history stream (domain/shakeHistory.ts), which the `shakes` read model
// follows. Only an entry of the caller's list can be removed (another's, or an unknown id, is
// NOT_FOUND and nothing is written); removing it again answers the same.
import { shakeHistoryDecider, shakeHistoryStream } from '../../domain/shakeHistory.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

export const removeShakeRecord = (core: Core, caller: Caller, input: { matchId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'removeShakeRecord', input, opts, async ({ meta }) => {
    const { userId } = requireUser(caller);
    const stream = shakeHistoryStream(userId);
    const before = await core.bus.load(shakeHistoryDecider, stream);
    if (!before.state.removed.includes(input.matchId)) {
      const row = await core.pool.query('select 1 from shake_matches where user_id = $1 and match_id = $2', [userId, input.matchId]);
      if (row.rowCount === 0) throw notFound('shake record', { matchId: input.matchId });
    }
    const r = await core.bus.handle(shakeHistoryDecider, stream, { type: 'RemoveShakeRecord', data: { userId, matchId: input.matchId }, metadata: meta });
    await settled(core, r);
    return { matchId: input.matchId, removed: true as const };
  });
