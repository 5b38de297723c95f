// Real uploads for tests that attach media (posts take only the poster's own uploads): small
// files whose bytes sniff as what they claim, stored through POST /v1/media.
import sharp from 'sharp';
import type { TestApp } from './app.js';
import { multipart, wav } from './multipart.js';

export const png = (): Promise<Buffer> => sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer();

/** An MP4's `ftyp` box and padding: what file-type knows as video/mp4 (we do not decode video). */
export const mp4 = (): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'), Buffer.alloc(64)]);

export type UploadKind = 'image' | 'video' | 'voice';

const bytesOf = async (kind: UploadKind): Promise<Buffer> => (kind === 'image' ? png() : kind === 'video' ? mp4() : wav(800));

/** Uploads a file of this kind as the user and answers its media id. */
export const upload = async (app: TestApp, u: { token: string }, kind: UploadKind = 'image'): Promise<string> => {
  const { payload, headers } = multipart({ bytes: await bytesOf(kind), filename: `f.${kind}`, contentType: 'application/octet-stream' }, { kind, ...(kind === 'image' ? {} : { durationMs: '1000' }) });
  const r = await app.inject({ method: 'POST', url: '/v1/media', headers: { ...headers, authorization: `Bearer ${u.token}` }, payload });
  if (r.status !== 201) throw new Error(`upload ${kind}: ${r.status} ${r.text}`);
  return r.json<{ mediaId: string }>().mediaId;
};
