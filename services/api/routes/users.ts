// Finding users: by display number or phone (the relations context adds nickname matches to the same use case).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchUsers } from '../../../contracts/http/profiles.js';
import type { Core } from '../../app/core.js';
import * as profiles from '../../app/profiles.js';

export const userRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/users/search', { schema: searchUsers }, async (req) => profiles.searchUsers(core, req.caller, req.query));
};
