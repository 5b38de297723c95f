// Process managers: they finish what a command started in another aggregate.
import type { CommandBus } from '../shared/commands/bus.js';
import type { Config } from '../shared/config.js';
import type { ProcessManager } from '../shared/consumers/reactor.js';
import type { Timer } from '../shared/consumers/timers.js';
import type { IdGenerator } from '../shared/ids.js';

export interface ProcessDeps {
  bus: CommandBus;
  config: Config;
  ids: IdGenerator;
}

export const processManagers = (_deps: ProcessDeps): ProcessManager[] => [];

export const fireTimer = async (_deps: ProcessDeps, t: Timer): Promise<void> => {
  throw new Error(`no handler for timer kind ${t.kind}`);
};
