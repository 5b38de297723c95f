// The signed-in user's own account: profile details, photos, privacy, password, phone, real-name
// verification, linked identities, sessions and push devices.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePassword, endSession, endSessions, linkExternalIdentity, listSessions } from '../../../contracts/http/auth.js';
import { deleteDevice, listDevices, putDevice } from '../../../contracts/http/devices.js';
import { bindPhone, patchPrivacy, patchProfile, putPhotos, submitRealName } from '../../../contracts/http/profiles.js';
import type { Core } from '../../app/core.js';
import * as credentials from '../../app/credentials.js';
import * as devices from '../../app/devices.js';
import * as external from '../../app/externalLogin.js';
import * as profiles from '../../app/profiles.js';
import * as realNames from '../../app/realNames.js';
import * as registration from '../../app/registration.js';
import * as sessions from '../../app/sessionControl.js';
import { commandOptions } from '../support.js';

export const meRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.patch('/me/profile', { schema: patchProfile }, async (req) => profiles.updateProfileDetails(core, req.caller, req.body, commandOptions(req)));
  app.put('/me/photos', { schema: putPhotos }, async (req) => profiles.setPhotoWall(core, req.caller, req.body, commandOptions(req)));
  app.patch('/me/privacy', { schema: patchPrivacy }, async (req) => profiles.setPrivacy(core, req.caller, req.body, commandOptions(req)));
  app.put('/me/password', { schema: changePassword }, async (req) => {
    const { password, currentPassword } = req.body;
    const input = { password: { plain: password }, ...(currentPassword !== undefined ? { currentPassword: { plain: currentPassword } } : {}) };
    return credentials.changePassword(core, req.caller, input, commandOptions(req));
  });
  app.post('/me/phone', { schema: bindPhone }, async (req) => registration.bindPhone(core, req.caller, req.body, commandOptions(req)));
  app.post('/me/real-name', { schema: submitRealName }, async (req, res) => res.status(201).send(await realNames.submitRealName(core, req.caller, req.body, commandOptions(req))));
  app.post('/me/external-identities', { schema: linkExternalIdentity }, async (req) => external.linkExternalIdentity(core, req.caller, req.body, commandOptions(req)));
  app.get('/me/sessions', { schema: listSessions }, async (req) => sessions.listSessions(core, req.caller));
  app.delete('/me/sessions/:sessionId', { schema: endSession }, async (req) => sessions.endSession(core, req.caller, req.params));
  app.delete('/me/sessions', { schema: endSessions }, async (req) => sessions.endSessions(core, req.caller, { keepCurrent: req.query.keepCurrent === 'true' }));
  app.get('/me/devices', { schema: listDevices }, async (req) => devices.listDevices(core, req.caller));
  app.put('/me/devices/:deviceId', { schema: putDevice }, async (req) => devices.registerDevice(core, req.caller, { deviceId: req.params.deviceId, ...req.body }));
  app.delete('/me/devices/:deviceId', { schema: deleteDevice }, async (req) => devices.removeDevice(core, req.caller, req.params));
};
