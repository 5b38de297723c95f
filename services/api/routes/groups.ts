// Groups: the group itself (create, read, search, profile, policy, invitations, join, leave,
// kick, dismiss, ownership, mute-all) and the operator's level. Members, applications and
// notices: groupMembers.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  acceptOwnership,
  addGroupMembers,
  cancelOwnershipOffer,
  createGroup,
  dismissGroup,
  getGroup,
  joinGroup,
  kickGroupMembers,
  listMyGroups,
  offerOwnership,
  removeGroupMember,
  searchGroups,
  setGroupLevel,
  setGroupPermissions,
  setMuteAll,
  updateGroup,
} from '../../../contracts/http/groups.js';
import type { Core } from '../../app/core.js';
import * as groups from '../../app/groups.js';
import { commandOptions } from '../support.js';

export const groupRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/groups', { schema: createGroup }, async (req, res) => res.status(201).send(await groups.createGroup(core, req.caller, req.body, commandOptions(req))));
  app.get('/groups/search', { schema: searchGroups }, async (req) => groups.searchGroups(core, req.caller, req.query));
  app.get('/groups/mine', { schema: listMyGroups }, async (req) => groups.listMyGroups(core, req.caller, req.query));
  app.get('/groups/:id', { schema: getGroup }, async (req) => groups.getGroup(core, req.caller, { groupId: req.params.id }));
  app.patch('/groups/:id', { schema: updateGroup }, async (req) => groups.updateGroupProfile(core, req.caller, { groupId: req.params.id, ...req.body }, commandOptions(req)));
  app.patch('/groups/:id/permissions', { schema: setGroupPermissions }, async (req) =>
    groups.setGroupPermissions(core, req.caller, { groupId: req.params.id, ...req.body }, commandOptions(req)),
  );
  app.post('/groups/:id/members', { schema: addGroupMembers }, async (req) =>
    groups.addGroupMembers(core, req.caller, { groupId: req.params.id, userIds: req.body.userIds }, commandOptions(req)),
  );
  app.delete('/groups/:id/members/:userId', { schema: removeGroupMember }, async (req) =>
    groups.removeGroupMember(core, req.caller, { groupId: req.params.id, userId: req.params.userId }, commandOptions(req)),
  );
  app.post('/groups/:id/kick', { schema: kickGroupMembers }, async (req) =>
    groups.kickGroupMembers(core, req.caller, { groupId: req.params.id, userIds: req.body.userIds }, commandOptions(req)),
  );
  app.post('/groups/:id/join', { schema: joinGroup }, async (req) => groups.joinGroup(core, req.caller, { groupId: req.params.id, message: req.body?.message }, commandOptions(req)));
  app.post('/groups/:id/dismiss', { schema: dismissGroup }, async (req) => groups.dismissGroup(core, req.caller, { groupId: req.params.id }, commandOptions(req)));
  app.post('/groups/:id/mute-all', { schema: setMuteAll }, async (req) => groups.setMuteAll(core, req.caller, { groupId: req.params.id, on: req.body.on }, commandOptions(req)));
  app.post('/groups/:id/ownership-offer', { schema: offerOwnership }, async (req) =>
    groups.offerOwnership(core, req.caller, { groupId: req.params.id, userId: req.body.userId }, commandOptions(req)),
  );
  app.post('/groups/:id/ownership-offer/accept', { schema: acceptOwnership }, async (req) => groups.acceptOwnership(core, req.caller, { groupId: req.params.id }, commandOptions(req)));
  app.delete('/groups/:id/ownership-offer', { schema: cancelOwnershipOffer }, async (req) => groups.cancelOwnershipOffer(core, req.caller, { groupId: req.params.id }, commandOptions(req)));
  app.post('/admin/groups/:id/level', { schema: setGroupLevel }, async (req) =>
    groups.setGroupLevel(core, req.caller, { groupId: req.params.id, level: req.body.level, expiresAt: req.body.expiresAt }, commandOptions(req)),
  );
};
