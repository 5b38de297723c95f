// A seed app's request parameters, wherever they came: the query string, a form body, a JSON body
// or multipart fields (the body wins over the query). Typed readers refuse with coded errors; a
// missing parameter is told apart from a wrong one (details.missing), since some apps number
// them differently (chat-platform -1002 vs -1001).
import { LosslessNumber } from 'lossless-json';
import { isPlainText } from '../../../contracts/common.js';
import { CodedError } from '../../../domain/errors.js';
import { idFrom, minorUnitsFrom } from './codecs.js';

export const missing = (field: string) => new CodedError('VALIDATION_FAILED', `${field} is required`, { field, missing: true });
const wrong = (field: string, message: string) => new CodedError('VALIDATION_FAILED', `${field} ${message}`, { field });


const scalar = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof LosslessNumber) return v.value;
  return undefined;
};

export class Params {
  constructor(private readonly values: Readonly<Record<string, unknown>>) {}

  static of(query: unknown, body: unknown): Params {
    const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
    const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    return new Params({ ...q, ...b });
  }

  raw(name: string): unknown {
    const v = this.values[name] ?? this.values[`${name}[]`];
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
  }

  has(name: string): boolean {
    const v = this.raw(name);
    return v !== undefined && v !== null && v !== '';
  }

  optionalString(name: string, max = 1000): string | undefined {
    if (!this.has(name)) return undefined;
    const s = scalar(this.raw(name));
    if (s === undefined) throw wrong(name, 'must be text');
    if (s.length > max) throw wrong(name, `must be at most ${max} characters`);
    // The shared text rule (contracts/common.ts): line breaks allowed here, the use case's field decides.
    if (!isPlainText(s, true)) throw wrong(name, 'contains characters that cannot be stored');
    return s;
  }

  string(name: string, max = 1000): string {
    const s = this.optionalString(name, max);
    if (s === undefined) throw missing(name);
    return s;
  }

  optionalInt(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    if (!this.has(name)) return undefined;
    const s = scalar(this.raw(name))?.trim() ?? '';
    const n = /^-?[0-9]{1,16}$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw wrong(name, 'must be a whole number');
    if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) throw wrong(name, `must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}`);
    return n;
  }

  int(name: string, range: { min?: number; max?: number } = {}): number {
    const n = this.optionalInt(name, range);
    if (n === undefined) throw missing(name);
    return n;
  }

  optionalId(name: string): string | undefined {
    return this.has(name) ? idFrom(name, this.raw(name)) : undefined;
  }

  id(name: string): string {
    if (!this.has(name)) throw missing(name);
    return idFrom(name, this.raw(name));
  }

  /** A list: repeated keys, `key[]`, a comma-separated string, or a JSON array string. */
  list(name: string, max = 500): string[] {
    if (!this.has(name)) return [];
    const v = this.values[name] ?? this.values[`${name}[]`];
    const items = Array.isArray(v) ? v.map(scalar) : listFromText(scalar(v) ?? '');
    if (items.some((x) => x === undefined)) throw wrong(name, 'must be a list of values');
    const out = (items as string[]).map((x) => x.trim()).filter((x) => x !== '');
    if (out.length > max) throw wrong(name, `holds at most ${max} items`);
    return out;
  }

  idList(name: string, max = 500): string[] {
    return this.list(name, max).map((x) => idFrom(name, x));
  }

  /** Minor units of an amount with at most `decimals` places (yuan: 2, chat-platform coins: 8). */
  money(name: string, decimals: number): number {
    if (!this.has(name)) throw missing(name);
    return minorUnitsFrom(name, this.raw(name), decimals);
  }
}

const listFromText = (text: string): (string | undefined)[] => {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map(scalar);
    } catch {
      // not JSON: read it as a comma list
    }
  }
  return t.split(',');
};
