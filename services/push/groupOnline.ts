// Wires 004's online-count notices (onlineNotices.ts) to the core and a gateway: counts through
// the presence use case's read, frames through the gateway's broadcast to each group's channel.
import { channel } from '../../contracts/push.js';
import type { Core } from '../app/core.js';
import { countOnlineMembers, groupsOfUser } from '../app/presence.js';
import type { PushGateway } from './gateway.js';
import { onlineNotices, type OnlineNotices } from './onlineNotices.js';

export const groupOnlineNotices = (core: Core, log: { warn(obj: object, msg: string): void }, gateway: () => PushGateway | undefined): OnlineNotices =>
  onlineNotices({
    groupsOf: (userId) => groupsOfUser(core, userId),
    count: (groupId) => countOnlineMembers(core, groupId),
    send: (groupId, count) => gateway()?.broadcast(channel.group(groupId), { kind: 'group.online', groupId, count, at: core.clock().toISOString() }),
    throttleMs: core.config.PUSH_ONLINE_NOTICE_MS,
    log,
  });
