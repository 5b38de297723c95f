// 002's chat history: a conversation's messages sent before `sendTime` (epoch ms), newest first,
// at most `size`. The core pages by seq; the newest 200 are read and cut at the time.
import { requireUser } from '../../app/caller.js';
import { history } from '../../app/conversations.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { chatOf } from './social.js';
import { ms } from './views.js';

export const historyRoutes = (p: ImProfile): FacadeRoute<Code>[] =>
  p.edition === 3
    ? []
    : [
        {
          path: '/chat/getMsgHistory',
          async handler({ core, caller, params }): Promise<Reply> {
            const me = requireUser(caller).userId;
            const conversationId = chatOf(me, params);
            const size = params.optionalInt('size', { min: 1, max: 200 }) ?? 20;
            const before = params.optionalInt('sendTime', { min: 0 }) ?? Number.MAX_SAFE_INTEGER;
            const page = await history(core, caller, { conversationId, limit: 200 });
            const items = page.items.filter((m) => Date.parse(m.at) < before).sort((a, b) => b.seq - a.seq).slice(0, size);
            return { data: items.map((m) => ({ logId: m.seq, msgId: m.clientMsgId, fromId: m.from, msgType: m.msgType, msg: m.body ?? {}, sendTime: Number(ms(m.at)), state: m.state })) };
          },
        },
      ];
