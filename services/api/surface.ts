// A surface is one HTTP dialect mounted at a prefix: /v1, or a seed app's facade at /apps/<app>.
// Each is an encapsulated fastify plugin with its own caller identity, error envelope and
// not-found answer; all of them call the application layer (services/app) and nothing below it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../app/core.js';

export interface Surface {
  name: string;
  prefix: string;
  register(app: FastifyInstance, core: Core): Promise<void>;
  /** Renders a refusal that happens before routing (a bad URL, a body too large) for this surface. */
  frameworkError(err: unknown, req: FastifyRequest, res: FastifyReply): unknown;
}
