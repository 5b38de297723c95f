// Uploads and their bytes (issue #20). multipart is registered here, in this plugin's own scope
// (the facades register theirs in theirs), so /v1's JSON routes are unchanged.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getMedia, getMediaContent, uploadMedia } from '../../../contracts/http/media.js';
import { requireUser } from '../../app/caller.js';
import type { Core } from '../../app/core.js';
import * as media from '../../app/media.js';
import { largestUpload } from '../../app/mediaFiles.js';
import { commandOptions } from '../support.js';
import { readUpload, uploadFields } from '../upload.js';

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const mediaRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  await app.register(multipart);
  app.post('/media', { schema: uploadMedia }, async (req, res) => {
    // Signed-in callers only, before reading a byte of the body.
    requireUser(req.caller);
    const upload = await readUpload(req, largestUpload(core.config));
    const fields = uploadFields(upload.fields);
    const input = { bytes: upload.bytes, filename: upload.filename, kind: fields.kind, durationMs: fields.durationMs };
    return res.status(201).send(await media.uploadMedia(core, req.caller, input, commandOptions(req)));
  });
  app.get('/media/:mediaId', { schema: getMedia }, async (req) => media.getMedia(core, req.caller, req.params));
  for (const variant of ['content', 'thumbnail'] as const) {
    app.get(`/media/:mediaId/${variant}`, { schema: getMediaContent }, async (req, res) => {
      const input = { mediaId: req.params.mediaId, variant, range: header(req.headers.range), ifNoneMatch: header(req.headers['if-none-match']) };
      const served = await media.serveMedia(core, input);
      return res.status(served.status).headers(served.headers).send(served.body ?? undefined);
    });
  }
};
