// Hostile uploads for test/e2e/hostile.e2e.test.ts: multipart bodies POST /v1/media must refuse
// with a coded 4xx (no caller, not multipart, a misnamed part, unknown or mistyped fields, bytes
// that are not what is accepted or not what the kind says, more than the cap, two files, no
// file), and the count of stored objects to read back afterwards.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { wav } from './multipart.js';

export interface UploadProbe {
  method: 'POST';
  path: '/v1/media';
  token?: string;
  body?: unknown;
  form?: () => FormData;
}

const formOf = (parts: { field?: string; bytes: Buffer; name?: string; type?: string }[], fields: Record<string, string> = {}) => () => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const p of parts) form.append(p.field ?? 'file', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'application/octet-stream' }), p.name ?? 'f.bin');
  return form;
};

const voice = { bytes: wav(2000), name: 'v.wav', type: 'audio/wav' };

/** A valid upload: a short WAV sent as voice. */
export const voiceUpload = (): FormData => formOf([voice], { kind: 'voice' })();

/** `capBytes`: the largest upload the server takes (every kind's limit set to it). */
export const hostileUploads = (token: string, capBytes: number): UploadProbe[] => {
  const probe = (form: () => FormData, as: string | null = token): UploadProbe => ({ method: 'POST', path: '/v1/media', ...(as ? { token: as } : {}), form });
  return [
    probe(formOf([voice], { kind: 'voice' }), null),
    probe(formOf([voice], { kind: 'voice' }), 'not-a-token'),
    { method: 'POST', path: '/v1/media', token, body: { file: voice.bytes.toString('base64'), kind: 'voice' } },
    probe(formOf([{ ...voice, field: 'upload' }])),
    probe(formOf([voice], { kind: 'voice', ownerId: 'someone-else' })),
    ...['-5', '1.5', '0', 'abc', '1e99', ''].map((d) => probe(formOf([voice], { kind: 'voice', durationMs: d }))),
    ...['exe', 'IMAGE', ''].map((k) => probe(formOf([voice], { kind: k }))),
    probe(formOf([{ bytes: Buffer.from('<?php system($_GET["c"]); ?>'), name: 'x.jpg', type: 'image/jpeg' }])),
    probe(formOf([{ bytes: Buffer.from('MZ\u0090\u0000'.repeat(64), 'latin1'), name: 'a.exe', type: 'application/x-msdownload' }])),
    probe(formOf([voice], { kind: 'image' })),
    probe(formOf([{ ...voice, bytes: Buffer.alloc(0) }])),
    probe(formOf([{ ...voice, bytes: wav(capBytes + 1024) }], { kind: 'voice' })),
    probe(formOf([voice, voice], { kind: 'voice' })),
    probe(formOf([], { kind: 'voice' })),
  ];
};

/** Every object the disk media store holds (under DATA_DIR/objects), thumbnails included. */
export const storedObjects = (dataDir: string): string[] => {
  const root = join(dataDir, 'objects');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
};
