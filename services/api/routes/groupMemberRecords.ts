// A group member's extension field and join method, as the owner and admins record them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordJoinMethod, setMemberExt } from '../../../contracts/http/groupMemberRecords.js';
import type { Core } from '../../app/core.js';
import * as groups from '../../app/groups.js';
import { commandOptions } from '../support.js';

export const groupMemberRecordRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/groups/:id/members/:userId/ext', { schema: setMemberExt }, async (req) =>
    groups.setMemberExt(core, req.caller, { groupId: req.params.id, userId: req.params.userId, ext: req.body.ext }, commandOptions(req)),
  );
  app.post('/groups/:id/members/:userId/join-method', { schema: recordJoinMethod }, async (req) =>
    groups.recordJoinMethod(core, req.caller, { groupId: req.params.id, userId: req.params.userId, method: req.body.method }, commandOptions(req)),
  );
};
