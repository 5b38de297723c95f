// The vanity-number shop window (003 getNumberType, getVipNumber): the configured price list as
// types (tid = its place in VANITY_NUMBER_PRICES, 1-based) and, for a type, numbers still
// unclaimed whose price is that type's (the first pattern matching the whole number, as
// vanityNumbers.ts prices it). The numbers are drawn from a fixed family of shapes (repeated
// digits, runs, pairs, between a leading and a trailing digit); each is checked against the
// price list and its claim stream, so what is offered is exactly what buyDisplayNumber would sell
// at that price. A configured pattern none of these shapes matches offers no numbers.
import { displayNumberDecider, displayNumberStream, isDisplayNumber } from '../../domain/displayNumber.js';
import { CodedError } from '../../domain/errors.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { vanityPrices, vanityTypeOf } from './vanityNumbers.js';

export const listVanityTypes = (core: Core, caller: Caller) => {
  requireUser(caller);
  return { asset: core.config.PURCHASE_ASSET, items: vanityPrices(core).list.map((p, i) => ({ typeId: i + 1, name: p.name ?? p.pattern, price: p.price })) };
};

const DIGITS = '0123456789';

function* shapes(): Generator<string> {
  for (let p = 1; p <= 9; p++)
    for (let d = 0; d <= 9; d++) {
      for (const r of [6, 4]) for (let s = 0; s <= 9; s++) yield `${p}${String(d).repeat(r)}${s}`;
      for (let b = 0; b <= 9; b++) if (b !== d) for (let s = 0; s <= 9; s++) yield `${p}${d}${d}${b}${b}${s}`;
    }
  for (let p = 1; p <= 9; p++) for (let start = 0; start <= 5; start++) for (let s = 0; s <= 9; s++) yield `${p}${DIGITS.slice(start, start + 5)}${s}`;
}

const MAX_CLAIM_READS = 200;

/** Up to `limit` unclaimed numbers of one type, in a fixed order. */
export const offerVanityNumbers = async (core: Core, caller: Caller, input: { typeId: number; limit: number }) => {
  requireUser(caller);
  const prices = vanityPrices(core);
  const type = prices.list[input.typeId - 1];
  if (!type) throw new CodedError('NOT_FOUND', 'no such number type', { typeId: input.typeId });
  const items: { displayNumber: string; price: number }[] = [];
  let reads = 0;
  for (const n of shapes()) {
    if (items.length >= input.limit || reads >= MAX_CLAIM_READS) break;
    if (!isDisplayNumber(n) || vanityTypeOf(prices, n) !== input.typeId - 1) continue;
    reads++;
    const claim = await core.bus.load(displayNumberDecider, displayNumberStream(n));
    if (claim.state.status === 'unclaimed') items.push({ displayNumber: n, price: type.price });
  }
  return { asset: core.config.PURCHASE_ASSET, typeId: input.typeId, name: type.name ?? type.pattern, items };
};
