// Red-packet records per month or year (004 `/red-packet/record`, `/receive-record`,
// `/send-record`; 002/003 lists): counts and sums of what the caller sent and received in one
// asset, read in an offset from UTC (a facade passes its app's, e.g. +08:00), from the ledger.
import { assetOr } from '../../domain/assets.js';
import { CodedError } from '../../domain/errors.js';
import { redPacketRecords as readRecords } from '../../projections/redPacketRecords.js';
import { assetRules } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { monthRange } from './wallet.js';

export interface RedPacketRecordsInput {
  asset?: string | undefined;
  /** `YYYY-MM`, or `year` `YYYY`: exactly one. */
  month?: string | undefined;
  year?: string | undefined;
  utcOffsetMinutes?: number | undefined;
  limit?: number | undefined;
}

/** The instants a `YYYY` year spans at an offset from UTC: [from, to). */
export const yearRange = (year: string, utcOffsetMinutes = 0): { from: string; to: string } => {
  if (!/^\d{4}$/.test(year)) throw new CodedError('VALIDATION_FAILED', 'year must be YYYY', { field: 'year' });
  const shift = utcOffsetMinutes * 60_000;
  const y = Number(year);
  return { from: new Date(Date.UTC(y, 0, 1) - shift).toISOString(), to: new Date(Date.UTC(y + 1, 0, 1) - shift).toISOString() };
};

const periodOf = (input: RedPacketRecordsInput): { from: string; to: string } => {
  if ((input.month === undefined) === (input.year === undefined)) throw new CodedError('VALIDATION_FAILED', 'give month (YYYY-MM) or year (YYYY)', { field: 'month' });
  return input.month !== undefined ? monthRange(input.month, input.utcOffsetMinutes) : yearRange(input.year ?? '', input.utcOffsetMinutes);
};

export const redPacketRecords = async (core: Core, caller: Caller, input: RedPacketRecordsInput) => {
  const user = requireUser(caller);
  const asset = assetOr(input.asset);
  assetRules(core, asset);
  const { from, to } = periodOf(input);
  const records = await readRecords(core.pool, { userId: user.userId, asset, from: new Date(from), to: new Date(to), limit: input.limit ?? 100 });
  return { asset, from, to, ...records };
};
