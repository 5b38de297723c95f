// vparty (seed 000) wire shapes. Field names are the seed's, casing included.
import { z } from 'zod';

/** `{ Result bool, ...fields }` on success; `{ Result false, ErrCode, ErrMsg }` on failure (0 ordinary, 1 log out, 2 insufficient balance). */
export const VpartyFailure = z.object({ Result: z.literal(false), ErrCode: z.number().int(), ErrMsg: z.string() });

/** V01 /vparty/config: the one answer with lower-case `result` (seed L13-L14). */
export const VpartyConfig = z.strictObject({ result: z.literal(true), hasUpdate: z.number().int() });
