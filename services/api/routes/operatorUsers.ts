// An operator's view of a user (the fields 004's /user/userInfo shows administrators only).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getOperatorUserView } from '../../../contracts/http/operatorUsers.js';
import type { Core } from '../../app/core.js';
import { operatorUserView } from '../../app/operatorUserView.js';

export const operatorUserRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/admin/users/:userId', { schema: getOperatorUserView }, async (req) => operatorUserView(core, req.caller, { userId: req.params.userId }));
};
