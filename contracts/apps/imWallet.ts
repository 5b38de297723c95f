// im-groups-wallet (seed 003) and chat-wallet (seed 002) wire shapes. Field names are the seeds',
// casing and misspellings included. 003 writes every scalar inside `data` as a string; 002 keeps
// JSON numbers (amounts in yuan, up to 2 decimals) and a top-level `info`.
import { z } from 'zod';

const S = z.string();
/** A core id as decimal digits. */
export const IdText = z.string().regex(/^[1-9][0-9]{0,19}$/);
/** 003 money: yuan with exactly two decimals ("1.50"). */
export const Yuan3 = z.string().regex(/^-?[0-9]+\.[0-9]{2}$/);
/** A number written as a string (003 counts, flags, roles). */
export const IntText = z.string().regex(/^-?[0-9]+$/);
/** Epoch ms as a string, or "" when there is none. */
export const MsText = z.string().regex(/^([0-9]{10,16})?$/);

// ---- envelopes ---------------------------------------------------------------------------------

/** 003 success: `code` "1" (or an endpoint's other success code), the payload in `data`. */
export const Ok3 = <T extends z.ZodType>(data: T) => z.object({ code: S, data });
export const Info3 = Ok3(z.object({ info: S }));
/** 003 failure: `{"code":"<n>","info":"<msg>","data":{"info":"<msg>"}}`. */
export const Failure3 = z.object({ code: S.regex(/^-?[0-9]+$/), info: S, data: z.object({ info: S }) });

/** 002: `{code:<number>, info, data}` for success and failure alike. */
export const Envelope2 = z.object({ code: z.number().int(), info: z.unknown(), data: z.unknown() });

// ---- 003 payloads --------------------------------------------------------------------------------

export const Login3 = Ok3(z.object({ imServerUrl: S.regex(/^wss?:\/\//), token: S, userId: IdText }));

export const User3 = z.object({
  id: IdText,
  name: S,
  nickName: S,
  headUrl: S,
  IMNo: S,
  sex: S,
  sign: S,
  province: S,
  city: S,
  district: S,
  isAuth: IntText,
  isOnline: IntText,
  status: IntText,
});

export const Group3 = z.object({
  id: IdText,
  name: S,
  descriptions: S,
  headUrl: S,
  creatorId: IdText,
  createTime: MsText,
  joinStatus: IntText,
  question: S,
  level: IntText,
  fee: Yuan3,
});

export const Member3 = z.object({ id: IdText, userId: IdText, role: z.enum(['1', '2', '3']), name: S, silence: S, joinType: IntText });

export const Transfer3 = z.object({ id: IdText, userId: IdText, destId: IdText, amount: Yuan3, msg: S, status: z.enum(['1', '2', '3']), sendTime: MsText, confirmTime: MsText });

export const RedPacketHistory3 = z.object({
  redPacket: z.object({
    id: IdText,
    userId: IdText,
    destType: z.enum(['1', '2']),
    destId: IdText,
    redPacketType: z.enum(['1', '2']),
    redPacketAmount: Yuan3,
    redPacketCount: IntText,
    status: z.enum(['1', '2', '3']),
    sendTime: MsText,
    finishTime: MsText,
  }),
  redPacketHistory: z.array(z.object({ userId: IdText, amount: Yuan3, createTime: MsText })),
  time: S,
});

export const Bill3 = z.object({ id: S, userId: IdText, moneyType: IntText, amount: Yuan3, moneyDirect: z.enum(['1', '-1']), destType: IntText, destId: S, occurTime: MsText });

export const AaDetail3 = z.object({
  transInfo: z.object({ id: IdText, userId: IdText, destId: IdText, totalAmount: Yuan3, status: z.enum(['1', '2', '3']), counts: IntText }),
  records: z.array(z.object({ userId: IdText, amount: Yuan3, createTime: MsText })),
  isPayed: z.enum(['0', '1']),
});

// ---- house IM socket frames (both apps) ----------------------------------------------------------

export const ImMessageFrame = z.object({
  eventType: z.literal(0),
  msgId: S,
  channelType: z.union([z.literal(2), z.literal(3)]),
  fromId: IdText,
  targetId: IdText,
  datetime: z.number().int(),
  logId: S,
  msgType: z.number().int(),
  msg: z.record(z.string(), z.unknown()),
});
export const ImRefusedFrame = z.object({ eventType: z.literal(0), msgId: S, code: z.number().int(), content: S });
