// Operators make users internal staff with a job title (004 `position`), or end it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setStaffPosition } from '../../../contracts/http/staff.js';
import type { Core } from '../../app/core.js';
import * as staff from '../../app/staff.js';
import { commandOptions } from '../support.js';

export const staffRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.put('/admin/users/:userId/staff-position', { schema: setStaffPosition }, async (req) =>
    staff.setStaffPosition(core, req.caller, { userId: req.params.userId, position: req.body.position }, commandOptions(req)),
  );
};
