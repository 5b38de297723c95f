import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addGroupMembers, createGroup, getGroup, removeGroupMember } from '../../../contracts/http/groups.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { groupDecider, groupStream, type Group } from '../../../domain/group.js';
import { getGroup as readGroup } from '../../../projections/queries.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { notFound, settled } from './support-results.js';

/** Sorted: the state keeps members in a persistent set, which has no insertion order. */
const membersOf = (s: Group) => (s.status === 'active' ? [...s.members.values()].sort() : []);

export const groupRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const mustExist = async (userIds: readonly string[]) => {
    const unique = [...new Set(userIds)];
    const states = await Promise.all(unique.map((id) => deps.bus.load(accountDecider, accountStream(id))));
    const missing = unique.filter((_, i) => states[i]?.state.status === 'absent');
    if (missing.length > 0) throw notFound('user', { userIds: missing });
  };

  app.post('/v1/groups', { schema: createGroup }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      await mustExist(req.body.memberIds);
      const groupId = deps.ids.next();
      const r = await deps.bus.handle(groupDecider, groupStream(groupId), {
        type: 'CreateGroup',
        data: { groupId, name: req.body.name, ownerId: user.userId, memberIds: req.body.memberIds },
        metadata: meta,
      });
      await settled(deps, r);
      return { status: 201, body: { groupId } };
    }),
  );

  app.post('/v1/groups/:id/members', { schema: addGroupMembers }, async (req, res) =>
    command(deps, req, res, async ({ meta }) => {
      await mustExist(req.body.userIds);
      const r = await deps.bus.handle(groupDecider, groupStream(req.params.id), {
        type: 'AddGroupMembers',
        data: { groupId: req.params.id, userIds: req.body.userIds },
        metadata: meta,
      });
      await settled(deps, r);
      return { status: 200, body: { memberIds: membersOf(r.state) } };
    }),
  );

  app.delete('/v1/groups/:id/members/:userId', { schema: removeGroupMember }, async (req, res) =>
    command(deps, req, res, async ({ meta }) => {
      const r = await deps.bus.handle(groupDecider, groupStream(req.params.id), {
        type: 'RemoveGroupMember',
        data: { groupId: req.params.id, userId: req.params.userId },
        metadata: meta,
      });
      await settled(deps, r);
      return { status: 200, body: { memberIds: membersOf(r.state) } };
    }),
  );

  app.get('/v1/groups/:id', { schema: getGroup }, async (req) => {
    const user = userOf(req);
    const g = await readGroup(deps.pool, req.params.id);
    // Only members see a group; to anyone else it does not exist.
    if (!g || !g.memberIds.includes(user.userId)) throw notFound('group');
    return g;
  });
};
