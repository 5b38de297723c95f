import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answerFriendRequest, listFriendRequests, listFriends, removeFriend, requestFriend, withdrawFriendRequest } from '../../../contracts/http/friends.js';
import type { Core } from '../../app/core.js';
import * as friends from '../../app/friends.js';
import { commandOptions } from '../support.js';

export const friendRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/friend-requests', { schema: requestFriend }, async (req, res) =>
    res.status(201).send(await friends.requestFriend(core, req.caller, req.body, commandOptions(req))),
  );
  app.get('/friend-requests', { schema: listFriendRequests }, async (req) => friends.listFriendRequests(core, req.caller, req.query));
  app.post('/friend-requests/:userId/accept', { schema: answerFriendRequest }, async (req) => friends.acceptFriendRequest(core, req.caller, req.params, commandOptions(req)));
  app.post('/friend-requests/:userId/reject', { schema: answerFriendRequest }, async (req) => friends.rejectFriendRequest(core, req.caller, req.params, commandOptions(req)));
  app.post('/friend-requests/:userId/withdraw', { schema: withdrawFriendRequest }, async (req) => friends.withdrawFriendRequest(core, req.caller, req.params, commandOptions(req)));
  app.get('/friends', { schema: listFriends }, async (req) => friends.listFriends(core, req.caller, req.query));
  app.delete('/friends/:userId', { schema: removeFriend }, async (req) => friends.removeFriend(core, req.caller, req.params, commandOptions(req)));
};
