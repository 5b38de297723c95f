import { z } from 'zod';
import { ErrorBody } from '../common.js';

/** Prometheus text exposition format (text/plain; version=0.0.4); operators only. */
export const getMetrics = {
  response: { 200: z.string(), 401: ErrorBody, 403: ErrorBody },
} as const;
