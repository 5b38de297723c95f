// Group levels bought and renewed by their group's owner or admins (issue #19). The price and
// the term of each level come from configuration (GROUP_LEVEL_PRICES); the buyer pays the
// platform (PurchasePaid → SaleReceived on platform:sales) and then the level is set with its end
// (SetGroupLevel; the level timer brings it back to 0 when the end passes).
//
// - Renewal: buying the level the group has, before it ends, extends the end by one term.
// - Another level starts now and runs one term; the rest of the old level's term is not carried
//   over. A lower level while a higher one runs, and any level while an operator's level without
//   end holds, are CONFLICT: nobody pays to lose what they have.
// - One purchase per (group, level, term the buyer saw, buyer): a retry or a double click with
//   any key pays once and sets the level once; after it, a new purchase renews again.
import { groupDecider, groupStream, memberCap, roleOf, isManager } from '../../domain/group.js';
import { CodedError } from '../../domain/errors.js';
import { defaultLevelPrices } from '../shared/purchaseConfig.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from './payPassword.js';
import { payPlatform, purchaseIdFor, requireFunds } from './purchases.js';
import { settled } from './results.js';

const DAY_MS = 24 * 3600 * 1000;

export const levelPriceOf = (core: Core, level: number): { price: number; days: number } | null => {
  const prices: Record<string, { price: number; days: number } | undefined> = core.config.GROUP_LEVEL_PRICES ?? defaultLevelPrices;
  return prices[String(level)] ?? null;
};

/** The price list, for clients. */
export const listLevelPrices = (core: Core) => ({
  asset: core.config.PURCHASE_ASSET,
  items: [1, 2, 3, 4].flatMap((level) => {
    const p = levelPriceOf(core, level);
    return p ? [{ level, price: p.price, days: p.days }] : [];
  }),
});

/** When the bought term ends: a renewal extends the running end, anything else starts now. */
const endOf = (g: { level: number; levelExpiresAt?: string | undefined }, level: number, days: number, now: Date): string => {
  const running = g.level > 0 && g.levelExpiresAt !== undefined && Date.parse(g.levelExpiresAt) > now.getTime();
  if (g.level > 0 && g.levelExpiresAt === undefined) throw new CodedError('CONFLICT', 'this group has a level without end', { level: g.level });
  if (running && level < g.level) throw new CodedError('CONFLICT', 'a higher level runs until its end', { level: g.level, expiresAt: g.levelExpiresAt });
  const from = running && level === g.level && g.levelExpiresAt !== undefined ? Date.parse(g.levelExpiresAt) : now.getTime();
  return new Date(from + days * DAY_MS).toISOString();
};

export const buyGroupLevel = (core: Core, caller: Caller, input: { groupId: string; level: number; payPassword?: PayPasswordInput | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'buyGroupLevel', withoutSecret(input), opts, async ({ meta }) => {
    const { userId } = requireUser(caller);
    const listed = levelPriceOf(core, input.level);
    if (!listed) throw new CodedError('NOT_FOR_SALE', 'this level is not for sale', { level: input.level });
    const group = await core.bus.load(groupDecider, groupStream(input.groupId));
    const g = group.state;
    if (g.status !== 'active') throw g.status === 'dismissed' ? new CodedError('GROUP_DISMISSED', 'this group was dismissed') : notFound('group');
    if (!isManager(roleOf(g, userId))) throw new CodedError('FORBIDDEN', 'only the owner and admins may buy a level', { groupId: g.groupId });
    const expiresAt = endOf(g, input.level, listed.days, new Date(meta.at));
    const asset = core.config.PURCHASE_ASSET;
    const item = { kind: 'group_level', id: `${g.groupId}-${input.level}` };
    const purchaseId = purchaseIdFor(item, userId, String(g.levelTerm));
    await requireFunds(core, userId, asset, listed.price);
    await requirePayPassword(core, caller, 'group_fee', input.payPassword, meta);
    const paid = await payPlatform(core, { buyerId: userId, item, asset, amount: listed.price, purchaseId }, meta);
    const r = await core.bus.handle(groupDecider, groupStream(g.groupId), {
      type: 'SetGroupLevel',
      data: { groupId: g.groupId, level: input.level, expiresAt },
      metadata: { ...meta, commandId: `group-level:${purchaseId}` },
    });
    await settled(core, ...paid.results, r);
    const after = r.state.status === 'active' ? r.state : g;
    return { purchaseId, groupId: g.groupId, level: after.level, expiresAt: after.levelExpiresAt ?? null, memberCap: memberCap(after), asset, price: listed.price, balance: paid.balance };
  });
