import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addGroupMembers, createGroup, getGroup, removeGroupMember } from '../../../contracts/http/groups.js';
import type { Core } from '../../app/core.js';
import * as groups from '../../app/groups.js';
import { commandOptions } from '../support.js';

export const groupRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/groups', { schema: createGroup }, async (req, res) => res.status(201).send(await groups.createGroup(core, req.caller, req.body, commandOptions(req))));
  app.post('/groups/:id/members', { schema: addGroupMembers }, async (req) =>
    groups.addGroupMembers(core, req.caller, { groupId: req.params.id, userIds: req.body.userIds }, commandOptions(req)),
  );
  app.delete('/groups/:id/members/:userId', { schema: removeGroupMember }, async (req) =>
    groups.removeGroupMember(core, req.caller, { groupId: req.params.id, userId: req.params.userId }, commandOptions(req)),
  );
  app.get('/groups/:id', { schema: getGroup }, async (req) => groups.getGroup(core, req.caller, { groupId: req.params.id }));
};
