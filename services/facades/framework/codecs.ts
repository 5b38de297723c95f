// How the seed apps write ids, money and time, converted exactly at the edge. Nothing here goes
// through a float: money is parsed from its decimal text and written from integer minor units.
import { LosslessNumber } from 'lossless-json';
import { CodedError } from '../../../domain/errors.js';

const invalid = (field: string, message: string, value?: unknown) => new CodedError('VALIDATION_FAILED', `${field} ${message}`, { field, ...(value !== undefined ? { value } : {}) });

// ---- ids -------------------------------------------------------------------------------------

const DECIMAL_ID = /^[1-9][0-9]{0,19}$/;

/** A core id from a number or a numeric string (seeds send both), kept as its decimal digits. */
export const idFrom = (field: string, v: unknown): string => {
  const text = v instanceof LosslessNumber ? v.value : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!DECIMAL_ID.test(text) || BigInt(text) > 0xffffffffffffffffn) throw invalid(field, 'must be an id', v);
  return text;
};

/** A core id written as an unquoted JSON number, every digit exact (see json.ts). */
export const idNumber = (id: string): LosslessNumber => new LosslessNumber(id);

// ---- money -----------------------------------------------------------------------------------

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Minor units from a decimal amount with at most `decimals` places: "1.5" yuan → 150 fen, "0.00000001"
 * of an 8-decimal coin → 1. More places than the asset has are refused, never rounded.
 */
export const minorUnitsFrom = (field: string, v: unknown, decimals: number): number => {
  const text = v instanceof LosslessNumber ? v.value : typeof v === 'number' ? numberText(v) : typeof v === 'string' ? v.trim() : '';
  const m = DECIMAL.exec(text);
  if (!m) throw invalid(field, 'must be a non-negative decimal amount', v);
  const [, whole = '0', fraction = ''] = m;
  if (fraction.length > decimals) throw invalid(field, `has more than ${decimals} decimal places`, v);
  const units = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(field, 'is too large', v);
  return Number(units);
};

/** A JS number's shortest decimal text (JSON numbers that were parsed as doubles). */
const numberText = (n: number): string => (Number.isFinite(n) && n >= 0 ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : '');

/** A decimal string of minor units: 150 fen → "1.50" (decimals 2), always with every place. */
export const decimalText = (units: number, decimals: number): string => {
  const negative = units < 0;
  const digits = BigInt(Math.abs(units)).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
};

/** The same amount as a JSON number written exactly ("1.5" → 1.5; unquoted, see json.ts). */
export const decimalNumber = (units: number, decimals: number): LosslessNumber => {
  const text = decimalText(units, decimals);
  return new LosslessNumber(decimals > 0 ? text.replace(/\.?0+$/, '') || '0' : text);
};

// ---- time ------------------------------------------------------------------------------------

/** Shanghai has had no daylight saving since 1991: UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export const epochMs = (iso: string): number => Date.parse(iso);
export const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** "YYYY-MM-DD HH:mm:ss" wall-clock time in Asia/Shanghai. */
export const shanghaiWallClock = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** The instant of a "YYYY-MM-DD HH:mm:ss" (or "YYYY-MM-DD") wall-clock time in Asia/Shanghai. */
export const fromShanghaiWallClock = (field: string, text: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) throw invalid(field, 'must be YYYY-MM-DD or YYYY-MM-DD HH:mm:ss', text);
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(utc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw invalid(field, 'is not a real date and time', text);
  }
  return new Date(utc - SHANGHAI_OFFSET_MS).toISOString();
};
