// heihei-live (seed 001) wire shapes. Field names are the seed's, typos included.
import { z } from 'zod';

/** `{"errorcode":0,"errormsg":"success", ...payload}`; failures `{"errorcode":<code>,"errormsg":"<text>"}`. */
export const HeiheiFailure = z.object({ errorcode: z.number().int(), errormsg: z.string() });

const urlMap = z.record(z.string(), z.string().url());

/** /api/init (seed L3576): the endpoint map by group.key, the socket URL, tips and flags. */
export const HeiheiInit = z.object({
  errorcode: z.literal(0),
  errormsg: z.literal('success'),
  user: urlMap,
  social: urlMap,
  live: urlMap,
  message: urlMap,
  payment: urlMap,
  chat: urlMap,
  topic: urlMap,
  record: urlMap,
  aboutus: urlMap,
  tips: z.record(z.string(), z.string()),
  sys: urlMap,
  function: z.object({ chat: z.boolean() }),
  imgPath: z.string(),
  actionCode: z.string(),
  comment: z.string(),
});
