import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/http/feedPrefs.js';
import type { Core } from '../../app/core.js';
import * as prefs from '../../app/feedPrefs.js';
import { deleteCommentById } from '../../app/postComments.js';
import { myPostGifts } from '../../app/postReads.js';
import { commandOptions } from '../support.js';

export const feedPrefsRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.put('/me/feed-cover', { schema: c.setFeedCover }, async (req) => prefs.setFeedCover(core, req.caller, req.body, commandOptions(req)));
  app.get('/users/:userId/feed-cover', { schema: c.getFeedCover }, async (req) => prefs.getFeedCover(core, req.caller, req.params));
  app.put('/me/feed-switches/:userId', { schema: c.setFeedSwitch }, async (req) => prefs.setFeedSwitch(core, req.caller, { ...req.body, ...req.params }, commandOptions(req)));
  app.get('/me/feed-switches', { schema: c.myFeedSwitches }, async (req) => prefs.myFeedSwitches(core, req.caller));
  app.get('/me/post-gifts', { schema: c.myPostGifts }, async (req) => myPostGifts(core, req.caller, req.query));
  app.delete('/comments/:commentId', { schema: c.deleteCommentById }, async (req) => deleteCommentById(core, req.caller, req.params, commandOptions(req)));
};
