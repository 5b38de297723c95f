// The socket's command surface: a command frame (send, read, enter, leave) runs the same use case
// as its HTTP route, for the caller the socket's session stands for, with the same idempotency (a
// send is keyed by its clientMsgId, so a frame sent twice, or once over HTTP and once here, makes
// one message). Dialects translate their own frames into these (dialects.ts).
import { channel, type CommandFrame } from '../../contracts/push.js';
import { callerOf } from '../app/accounts.js';
import type { Caller } from '../app/caller.js';
import type { Core } from '../app/core.js';
import { sendMessage } from '../app/conversations.js';
import { markRead } from '../app/inbox.js';
import { appNames, type AppName } from '../app/policies.js';
import { moveInRoom } from '../app/rooms.js';
import type { Principal } from './dialects.js';
import type { CommandAnswer } from './gateway.js';

const GUEST = 'guest:';

/** The app a dialect speaks for: /v1's is the core; a seed app's dialect is named after its app. */
export const appOfDialect = (dialect: string): AppName => (appNames as readonly string[]).includes(dialect) ? (dialect as AppName) : 'core';

const callerFor = async (core: Core, p: Principal, app: AppName): Promise<Caller> =>
  p.userId.startsWith(GUEST) ? { kind: 'guest', deviceId: p.userId.slice(GUEST.length), app } : callerOf(core, p.token ?? null, app);

export const executeCommand = async (core: Core, p: Principal, dialect: string, f: CommandFrame): Promise<CommandAnswer> => {
  const caller = await callerFor(core, p, appOfDialect(dialect));
  const opts = { correlationId: `ws:${f.id}` };
  switch (f.op) {
    case 'send':
      return { data: { ...(await sendMessage(core, caller, { conversationId: f.conversationId, ...f.message }, opts)) } };
    case 'read':
      return { data: await markRead(core, caller, { conversationId: f.conversationId, seq: f.seq }, opts) };
    case 'enter':
      return { data: await moveInRoom(core, caller, { roomId: f.roomId, move: 'join' }, opts), subscribe: [channel.room(f.roomId)] };
    case 'leave':
      return { data: await moveInRoom(core, caller, { roomId: f.roomId, move: 'leave' }, opts), unsubscribe: [channel.room(f.roomId)] };
    default: {
      const never: never = f;
      return never;
    }
  }
};
