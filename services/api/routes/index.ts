import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import { healthRoutes } from './health.js';

export const routes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await app.register(healthRoutes, deps);
};
