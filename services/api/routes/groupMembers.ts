// A group's members (roles, cards, mutes), its applications and the admins' inbox, its notices.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  decideApplication,
  deleteNotice,
  editNotice,
  getGroupMember,
  listApplicationInbox,
  listGroupApplications,
  listGroupMembers,
  listGroupNotices,
  muteMember,
  postNotice,
  setMemberNickname,
  setMemberRole,
} from '../../../contracts/http/groupMembers.js';
import type { Core } from '../../app/core.js';
import * as groups from '../../app/groups.js';
import { commandOptions } from '../support.js';

export const groupMemberRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/groups/:id/members', { schema: listGroupMembers }, async (req) => groups.listGroupMembers(core, req.caller, { groupId: req.params.id, ...req.query }));
  app.get('/groups/:id/members/:userId', { schema: getGroupMember }, async (req) => groups.getGroupMember(core, req.caller, { groupId: req.params.id, userId: req.params.userId }));
  app.post('/groups/:id/members/:userId/role', { schema: setMemberRole }, async (req) =>
    groups.setMemberRole(core, req.caller, { groupId: req.params.id, userId: req.params.userId, role: req.body.role }, commandOptions(req)),
  );
  app.post('/groups/:id/members/:userId/mute', { schema: muteMember }, async (req) =>
    groups.muteMember(core, req.caller, { groupId: req.params.id, userId: req.params.userId, seconds: req.body.seconds }, commandOptions(req)),
  );
  app.post('/groups/:id/members/:userId/nickname', { schema: setMemberNickname }, async (req) =>
    groups.setMemberNickname(core, req.caller, { groupId: req.params.id, userId: req.params.userId, nickname: req.body.nickname }, commandOptions(req)),
  );
  app.get('/groups/:id/applications', { schema: listGroupApplications }, async (req) => groups.listGroupApplications(core, req.caller, { groupId: req.params.id, ...req.query }));
  app.get('/group-applications', { schema: listApplicationInbox }, async (req) => groups.listApplicationInbox(core, req.caller, req.query));
  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/groups/:id/applications/:userId/${decision}`, { schema: decideApplication }, async (req) => {
      const reason = decision === 'reject' ? req.body?.reason : undefined;
      return groups.decideApplication(core, req.caller, { groupId: req.params.id, applicantId: req.params.userId, decision, reason }, commandOptions(req));
    });
  }
  app.get('/groups/:id/notices', { schema: listGroupNotices }, async (req) => groups.listGroupNotices(core, req.caller, { groupId: req.params.id, ...req.query }));
  app.post('/groups/:id/notices', { schema: postNotice }, async (req, res) =>
    res.status(201).send(await groups.postNotice(core, req.caller, { groupId: req.params.id, text: req.body.text }, commandOptions(req))),
  );
  app.patch('/groups/:id/notices/:noticeId', { schema: editNotice }, async (req) =>
    groups.editNotice(core, req.caller, { groupId: req.params.id, noticeId: req.params.noticeId, text: req.body.text }, commandOptions(req)),
  );
  app.delete('/groups/:id/notices/:noticeId', { schema: deleteNotice }, async (req) =>
    groups.deleteNotice(core, req.caller, { groupId: req.params.id, noticeId: req.params.noticeId }, commandOptions(req)),
  );
};
