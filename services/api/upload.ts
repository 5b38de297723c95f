// Reads one upload from a multipart/form-data request: the `file` part's bytes (buffered up to
// the largest upload any kind allows) and the text fields beside it, checked by the contract.
// Transport refusals become the API's coded errors; what the bytes are is the use case's call.
import type { FastifyRequest } from 'fastify';
import { UploadFields } from '../../contracts/http/media.js';
import { CodedError } from '../../domain/errors.js';

export interface ParsedUpload {
  bytes: Buffer;
  filename: string | undefined;
  fields: Record<string, string>;
}

const transport = (err: unknown): never => {
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') throw new CodedError('PAYLOAD_TOO_LARGE', 'the file is larger than any upload may be', { field: 'file' });
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new CodedError('VALIDATION_FAILED', 'send one file and at most a few fields', { field: 'file' });
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_MP_PREMATURE_CLOSE') throw new CodedError('VALIDATION_FAILED', 'malformed multipart body', {});
  throw err;
};

export const readUpload = async (req: FastifyRequest, maxBytes: number): Promise<ParsedUpload> => {
  if (!req.isMultipart()) throw new CodedError('VALIDATION_FAILED', 'send multipart/form-data with a file part', { field: 'file' });
  let bytes: Buffer | null = null;
  let filename: string | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 9 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new CodedError('VALIDATION_FAILED', 'the file part is named `file`', { field: part.fieldname });
        bytes = await part.toBuffer();
        filename = part.filename;
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    transport(err);
  }
  if (bytes === null) throw new CodedError('VALIDATION_FAILED', 'send the file in a part named `file`', { field: 'file' });
  return { bytes, filename, fields };
};

/** The fields, by the contract: unknown ones and bad values are 400 with the issues. */
export const uploadFields = (fields: Record<string, string>) => {
  const r = UploadFields.safeParse(fields);
  if (!r.success) throw new CodedError('VALIDATION_FAILED', 'bad upload fields', { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return r.data;
};
