import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTag, deleteTag, listTags, renameTag, tagFriends, untagFriend, updateContact } from '../../../contracts/http/contacts.js';
import * as contacts from '../../app/contacts.js';
import type { Core } from '../../app/core.js';
import { commandOptions } from '../support.js';

export const contactRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.patch('/contacts/:userId', { schema: updateContact }, async (req) => contacts.updateContact(core, req.caller, { ...req.params, ...req.body }, commandOptions(req)));
  app.get('/tags', { schema: listTags }, async (req) => contacts.listTags(core, req.caller));
  app.post('/tags', { schema: createTag }, async (req, res) => res.status(201).send(await contacts.createTag(core, req.caller, req.body, commandOptions(req))));
  app.patch('/tags/:tagId', { schema: renameTag }, async (req) => contacts.renameTag(core, req.caller, { ...req.params, ...req.body }, commandOptions(req)));
  app.delete('/tags/:tagId', { schema: deleteTag }, async (req) => contacts.deleteTag(core, req.caller, req.params, commandOptions(req)));
  app.post('/tags/:tagId/members', { schema: tagFriends }, async (req) => contacts.tagFriends(core, req.caller, { ...req.params, ...req.body }, commandOptions(req)));
  app.delete('/tags/:tagId/members/:userId', { schema: untagFriend }, async (req) => contacts.untagFriend(core, req.caller, req.params, commandOptions(req)));
};
