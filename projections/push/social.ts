// The social graph's push notices (relation and contacts events), on users' own channels.
import { channel, type PushDraft } from '../../contracts/push.js';
import type { ContactsEvent } from '../../domain/contacts.js';
import type { Stored } from '../../domain/events.js';
import type { RelationEvent } from '../../domain/relation.js';

/** The social graph's notices on `user:` channels: requests, answers and new followers. */
export const socialMessages = (e: Stored<RelationEvent | ContactsEvent>): PushDraft[] => {
  switch (e.type) {
    case 'FriendRequested': {
      const { requesterId, targetId, reason } = e.data;
      return [{ channel: channel.user(targetId), type: 'friend.request', data: { requesterId, targetId, status: 'pending', ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'FriendRequestAccepted':
    case 'FriendRequestRejected': {
      const { requesterId, targetId } = e.data;
      const status = e.type === 'FriendRequestAccepted' ? 'accepted' : 'rejected';
      return [{ channel: channel.user(requesterId), type: 'friend.answer', data: { requesterId, targetId, status, via: 'answer' } }];
    }
    case 'FriendAdded': {
      const { requesterId, targetId, via } = e.data;
      const data = { requesterId, targetId, status: 'accepted', via } as const;
      return [requesterId, targetId].map((u) => ({ channel: channel.user(u), type: 'friend.answer', data }));
    }
    case 'FriendRequestWithdrawn': {
      const { requesterId, targetId } = e.data;
      return [{ channel: channel.user(targetId), type: 'friend.request', data: { requesterId, targetId, status: 'withdrawn' } }];
    }
    case 'ShakeMatched': {
      // The later shaker has the match in the answer; the earlier one hears of it here.
      const { shakerId, matchedId, distance } = e.data;
      return [{ channel: channel.user(matchedId), type: 'shake.match', data: { shakerId, matchedId, distance } }];
    }
    case 'UserFollowed':
      return [{ channel: channel.user(e.data.followeeId), type: 'follower', data: { followerId: e.data.followerId, followeeId: e.data.followeeId } }];
    case 'UserUnfollowed':
    case 'FriendRequestCancelled':
    case 'FriendRemoved':
    case 'UserBlocked':
    case 'UserUnblocked':
    case 'RemarkSet':
    case 'RemarkCleared':
    case 'CommonlyUsedSet':
    case 'TagCreated':
    case 'TagRenamed':
    case 'TagDeleted':
    case 'FriendsTagged':
    case 'FriendUntagged':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
};
