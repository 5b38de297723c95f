import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forgetLocation, nearby, randomPeople, shake, shakeHistory, updateLocation } from '../../../contracts/http/geo.js';
import type { Core } from '../../app/core.js';
import * as geo from '../../app/geo.js';
import { commandOptions } from '../support.js';

export const geoRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/geo/location', { schema: updateLocation }, async (req) => geo.updateLocation(core, req.caller, req.body, commandOptions(req)));
  app.delete('/geo/location', { schema: forgetLocation }, async (req) => geo.forgetLocation(core, req.caller, commandOptions(req)));
  app.get('/geo/nearby', { schema: nearby }, async (req) => geo.nearby(core, req.caller, req.query));
  app.post('/geo/shake', { schema: shake }, async (req) => geo.shake(core, req.caller, req.body, commandOptions(req)));
  app.get('/geo/shakes', { schema: shakeHistory }, async (req) => geo.shakeHistory(core, req.caller, req.query));
  app.get('/geo/random', { schema: randomPeople }, async (req) => geo.randomPeople(core, req.caller, req.query));
};
