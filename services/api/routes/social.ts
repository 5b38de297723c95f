import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { block, follow, getRelation, listBlocked, listFollows, matchPhoneBook, searchNickname } from '../../../contracts/http/social.js';
import type { Core } from '../../app/core.js';
import * as discovery from '../../app/discovery.js';
import * as social from '../../app/social.js';
import { commandOptions } from '../support.js';

export const socialRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/users/:userId/follow', { schema: follow }, async (req) => social.follow(core, req.caller, req.params, commandOptions(req)));
  app.delete('/users/:userId/follow', { schema: follow }, async (req) => social.unfollow(core, req.caller, req.params, commandOptions(req)));
  app.post('/users/:userId/block', { schema: block }, async (req) => social.block(core, req.caller, req.params, commandOptions(req)));
  app.delete('/users/:userId/block', { schema: block }, async (req) => social.unblock(core, req.caller, req.params, commandOptions(req)));
  app.get('/users/:userId/relation', { schema: getRelation }, async (req) => social.getRelation(core, req.caller, req.params));
  app.get('/me/followers', { schema: listFollows }, async (req) => social.listFollowers(core, req.caller, req.query));
  app.get('/me/following', { schema: listFollows }, async (req) => social.listFollowing(core, req.caller, req.query));
  app.get('/me/blocked', { schema: listBlocked }, async (req) => social.listBlocked(core, req.caller, req.query));
  app.get('/users/by-nickname', { schema: searchNickname }, async (req) => discovery.searchNickname(core, req.caller, req.query));
  app.post('/phone-book/matches', { schema: matchPhoneBook }, async (req) => discovery.matchPhoneBook(core, req.caller, req.body));
};
