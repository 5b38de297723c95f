// Operators make users internal staff with a job title (004 `position`), or end it, and set the
// company a user belongs to (004 `com_id`).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setCompanyId, setStaffPosition } from '../../../contracts/http/staff.js';
import type { Core } from '../../app/core.js';
import * as staff from '../../app/staff.js';
import { commandOptions } from '../support.js';

export const staffRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.put('/admin/users/:userId/staff-position', { schema: setStaffPosition }, async (req) =>
    staff.setStaffPosition(core, req.caller, { userId: req.params.userId, position: req.body.position }, commandOptions(req)),
  );
  app.put('/admin/users/:userId/company-id', { schema: setCompanyId }, async (req) =>
    staff.setCompanyId(core, req.caller, { userId: req.params.userId, companyId: req.body.companyId }, commandOptions(req)),
  );
};
