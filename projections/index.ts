// Every read model of the product. Each owns its tables and rebuilds alone.
import type { Projection } from './projection.js';

export interface ReadModelContext {
  /** New timers were written: wake the timer loop. */
  pokeTimers(): void;
}

export const readModels = (_ctx: ReadModelContext): Projection[] => [];
