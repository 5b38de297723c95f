// Reports by users, and the operators' report and review queues (issue #20).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decideReview, fileReport, listReports, listReviews, resolveReport } from '../../../contracts/http/moderation.js';
import type { Core } from '../../app/core.js';
import * as reports from '../../app/reports.js';
import * as reviews from '../../app/reviews.js';
import { commandOptions } from '../support.js';

export const moderationRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/reports', { schema: fileReport }, async (req, res) => res.status(201).send(await reports.fileReport(core, req.caller, req.body, commandOptions(req))));
  app.get('/admin/reports', { schema: listReports }, async (req) => reports.listReports(core, req.caller, req.query));
  app.post('/admin/reports/:reportId/resolve', { schema: resolveReport }, async (req) =>
    reports.resolveReport(core, req.caller, { reportId: req.params.reportId, ...req.body }, commandOptions(req)),
  );
  app.get('/admin/reviews', { schema: listReviews }, async (req) => reviews.listReviews(core, req.caller, req.query));
  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/admin/reviews/:reviewId/${decision}`, { schema: decideReview }, async (req) => {
      const reason = req.body?.reason;
      return reviews.decideReview(core, req.caller, { reviewId: req.params.reviewId, decision, ...(reason !== undefined ? { reason } : {}) }, commandOptions(req));
    });
  }
};
