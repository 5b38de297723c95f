import { z } from 'zod';
import { ErrorBody } from '../common.js';

export const getHealth = {
  response: { 200: z.object({ status: z.literal('ok') }), 503: ErrorBody },
} as const;
