// Uploads of 003 (`uploadImage`, `pcuploadImage`, `uploadImageJsonp`) and 002 (`uploadImage`): a
// multipart `fileUpload` stored by the core's media use case (sniffed, checked, thumbnailed). The
// answer's URL is what `/feed/addFeed`'s `images` takes back. 003 writes the URL in `fileSize` (sic).
// 002's `doUploads` takes the raw request body as the file.
import { CodedError } from '../../../domain/errors.js';
import { uploadMedia } from '../../app/media.js';
import { largestUpload } from '../../app/mediaFiles.js';
import { missing, type Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';

const fileOf = (params: Params): Buffer => {
  if (!params.has('fileUpload')) throw missing('fileUpload');
  const v = params.raw('fileUpload');
  if (!Buffer.isBuffer(v) || v.length === 0) throw new CodedError('VALIDATION_FAILED', 'fileUpload 须为上传的图片文件', { field: 'fileUpload' });
  return v;
};

const upload = async ({ core, caller, params, opts }: Parameters<FacadeRoute<Code>['handler']>[0]) => uploadMedia(core, caller, { bytes: fileOf(params), kind: 'image' }, opts);

export const uploadRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  ...['/chat/uploadImage', '/chat/uploadImageJsonp'].map(
    (path): FacadeRoute<Code> => ({
      path,
      async handler(ctx): Promise<Reply> {
        const m = await upload(ctx);
        return p.edition === 3 ? { data: { fileSize: m.url, fileUrl: m.url, mediaId: m.mediaId } } : { info: m.url, data: [{ url: m.url, mediaId: m.mediaId, thumbnailUrl: m.thumbnailUrl ?? '' }] };
      },
    }),
  ),
  {
    // 002: the file is the request body itself ("将文件直接放在http流中"), `fileExt` in the query.
    // Its type is sniffed from the bytes (an image, voice or video; anything else is refused and
    // nothing is stored); each kind's size limit applies, the body stops at the largest.
    path: '/chat/doUploads',
    rawBody: (core) => largestUpload(core.config),
    async handler({ core, caller, req, opts }): Promise<Reply> {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new CodedError('VALIDATION_FAILED', '请将文件放在请求体中', { field: 'body' });
      const m = await uploadMedia(core, caller, { bytes }, opts);
      return { info: m.url, data: [{ url: m.url, mediaId: m.mediaId, kind: m.kind, thumbnailUrl: m.thumbnailUrl ?? '' }] };
    },
  },
  {
    path: '/chat/pcuploadImage',
    async handler(ctx): Promise<Reply> {
      const m = await upload(ctx);
      return { data: { fileSize: m.size, fileName: m.name ?? m.mediaId, fileUrl: m.url, mediaId: m.mediaId } };
    },
  },
];
