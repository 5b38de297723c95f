import { z } from 'zod';
import { ErrorBody } from '../common.js';

/**
 * 200 while the product works. `parked` (an addition) appears when consumers have parked events
 * an operator has not resolved: open parked events per consumer. The product still works then;
 * a consumer that stopped makes it 503 (`details.down` names it).
 */
export const getHealth = {
  response: { 200: z.object({ status: z.literal('ok'), parked: z.record(z.string(), z.number().int()).optional() }), 503: ErrorBody },
} as const;
