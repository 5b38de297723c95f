// Finding people: by nickname and by the numbers in a phone book. Nobody blocked either way is
// ever in an answer (the queries leave them out), nor the caller; a phone book finds only the
// users whose privacy switch lets others find them by phone (socialPrivacy.ts). Search by phone
// number and by display number belong to the identity half of issue #16.
import { friendsAmong, searchByNickname, usersByPhones, type PageRequest } from '../../projections/queries.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { limitDiscovery } from './discoveryLimits.js';
import { findableByPhone } from './socialPrivacy.js';

/** The default country of national numbers (the seed apps are Chinese: +86). */
const DEFAULT_COUNTRY_CODE = '86';

/**
 * A phone number as E.164 (`+` and 7-15 digits), or null. Spaces, dashes, dots and brackets
 * are dropped; `00` means `+`; a national number gets the default country code (its trunk
 * `0` dropped), and 13 digits starting with 86 are taken as already international.
 */
export const toE164 = (raw: string, country = DEFAULT_COUNTRY_CODE): string | null => {
  const s = raw.replace(/[\s\-().]/g, '');
  let digits: string;
  if (/^\+\d+$/.test(s)) digits = s.slice(1);
  else if (/^00\d+$/.test(s)) digits = s.slice(2);
  else if (/^86\d{11}$/.test(s) && country === '86') digits = s;
  else if (/^0\d+$/.test(s)) digits = country + s.slice(1);
  else if (/^\d+$/.test(s)) digits = country + s;
  else return null;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
};

/** Users whose nickname contains `q` (case-insensitive), exact and prefix matches first. */
export const searchNickname = async (core: Core, caller: Caller, input: PageRequest & { q: string }) => {
  limitDiscovery(core, caller, 'search');
  return searchByNickname(core.pool, requireUser(caller).userId, input.q, input);
};

/**
 * Which numbers of my phone book belong to users I may find. Each match names the number as I
 * sent it. A number of someone who may not be found by phone, or who blocked me, is left out as
 * if unregistered; the phone book itself is not kept.
 */
export const matchPhoneBook = async (core: Core, caller: Caller, input: { phones: string[] }) => {
  const me = requireUser(caller).userId;
  limitDiscovery(core, caller, 'phoneBook');
  const given = new Map<string, string[]>();
  for (const raw of input.phones) {
    const e164 = toE164(raw);
    if (e164 !== null) given.set(e164, [...(given.get(e164) ?? []), raw]);
  }
  const found = await usersByPhones(core.pool, me, [...given.keys()]);
  const findable = await findableByPhone(core, found.map((u) => u.userId));
  const shown = found.filter((u) => findable.has(u.userId));
  const friends = await friendsAmong(core.pool, me, shown.map((u) => u.userId));
  const matches = shown.flatMap((u) =>
    (given.get(u.phone) ?? []).map((phone) => ({ phone, userId: u.userId, nickname: u.nickname, avatarUrl: u.avatarUrl, friend: friends.has(u.userId) })),
  );
  return { matches };
};
