// Process managers: they finish what a command started in another aggregate (see flows.ts),
// and the timers fire expiries. Everything they issue has an id derived from its cause.
import { redPacketDecider, redPacketStream } from '../../domain/redPacket.js';
import { transferDecider, transferStream } from '../../domain/transfer.js';
import type { CommandBus } from '../shared/commands/bus.js';
import type { Config } from '../shared/config.js';
import type { ProcessManager } from '../shared/consumers/reactor.js';
import type { Timer } from '../shared/consumers/timers.js';
import type { IdGenerator } from '../shared/ids.js';
import { nextSteps } from './flows.js';

export interface ProcessDeps {
  bus: CommandBus;
  config: Config;
  ids: IdGenerator;
}

export const processManagers = (deps: ProcessDeps): ProcessManager[] => [
  {
    name: 'money-flows',
    handles: Object.keys(nextSteps),
    react: async (e) => {
      await nextSteps[e.type]?.(deps.bus, e);
    },
  },
];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A due timer becomes the expiry command; the aggregate ignores one that no longer applies. */
export const fireTimer = async (deps: ProcessDeps, t: Timer, now = new Date()): Promise<void> => {
  // The command's time is the later of due time and now, so `reached(expiresAt)` holds.
  const at = new Date(Math.max(now.getTime(), t.dueAt.getTime())).toISOString();
  const metadata = { commandId: `timer:${t.timerId}`, causationId: t.causeEventId, at };
  switch (t.kind) {
    case 'red_packet_expiry': {
      const id = str(t.payload.redPacketId);
      await deps.bus.handle(redPacketDecider, redPacketStream(id), { type: 'ExpireRedPacket', data: { redPacketId: id }, metadata });
      return;
    }
    case 'transfer_expiry': {
      const id = str(t.payload.transferId);
      await deps.bus.handle(transferDecider, transferStream(id), { type: 'ExpireTransfer', data: { transferId: id }, metadata });
      return;
    }
    default:
      throw new Error(`no handler for timer kind ${t.kind}`);
  }
};
