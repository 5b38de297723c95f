// The scalar shapes every stored event payload is built from.
import { z } from 'zod';

export const Id = z.string().min(1);
export const Time = z.string();
export const Money = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
