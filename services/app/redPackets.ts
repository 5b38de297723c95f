// Red packets: funded from the sender's wallet (the stream that enforces "never negative"), then
// created with pre-split shares; a grab takes the next share and is followed by its credit.
import { assetField, assetOr } from '../../domain/assets.js';
import { redPacketDecider, redPacketStream, type RedPacketKind, type RedPacketTarget } from '../../domain/redPacket.js';
import { grabbedOnStream, openerTerms, openerView, registeredAt, termsOf, type OpenerInput, type OpenerView } from './redPacketOpeners.js';
import { CodedError } from '../../domain/errors.js';
import { balanceOf, walletDecider, walletStream } from '../../domain/wallet/index.js';
import { getRedPacket as readRedPacket, type RedPacketDetails } from '../../projections/queries.js';
import { splitFixed, splitLuckyAtLeast } from '../shared/split.js';
import { isEligible, notFound, requireReachable } from './access.js';
import { amountFor, assetRules } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow, runWallet } from './follow.js';
import { creditGrab } from './reactions.js';
import { balanceAfter, eventOf, settled } from './results.js';

export interface CreateRedPacketInput extends OpenerInput {
  kind: RedPacketKind;
  /** Any asset that allows red packets (cash when none is named); every share is at least its minimum. */
  asset?: string | undefined;
  count: number;
  /** Lucky packets: the total to split. */
  total?: number;
  /** Fixed packets: each share. */
  amountEach?: number;
  greeting?: string;
  target: RedPacketTarget;
}

export const createRedPacket = (core: Core, caller: Caller, input: CreateRedPacketInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createRedPacket', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { kind, count, target, greeting } = input;
    const asset = assetOr(input.asset);
    const { minimum } = assetRules(core, asset);
    const total = kind === 'lucky' ? (input.total ?? 0) : (input.amountEach ?? 0) * count;
    if (!Number.isSafeInteger(total)) throw new CodedError('VALIDATION_FAILED', 'total is too large', { field: 'amountEach' });
    // Each share at least the asset's minimum (1 for cash): a fixed share is checked as an amount.
    if (kind === 'fixed') amountFor(core, asset, 'red_packet', input.amountEach ?? 0, 'amountEach');
    else amountFor(core, asset, 'red_packet', total, 'total');
    if (total < count * minimum) throw new CodedError('TOTAL_TOO_SMALL', `every share needs at least ${minimum}`, { total, count, minimum });
    await requireReachable(core, target, user.userId);
    const openers = await openerTerms(core, target, input, meta.at);
    const shares = kind === 'lucky' ? splitLuckyAtLeast(total, count, minimum) : splitFixed(input.amountEach ?? 0, count);
    const expiresAt = new Date(Date.parse(meta.at) + core.config.RED_PACKET_EXPIRY_SECONDS * 1000).toISOString();
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'FundRedPacket',
      data: { redPacketId: newId(), senderId: user.userId, kind, ...assetField(asset), total, count, shares, target, ...(greeting !== undefined ? { greeting } : {}), expiresAt, ...openers },
      metadata: meta,
    });
    const funded = eventOf(r, 'RedPacketFunded');
    const created = await follow(core.bus, funded);
    await settled(core, r, created);
    return { redPacketId: funded.data.redPacketId, asset, total, count, expiresAt: funded.data.expiresAt };
  });

export const grabRedPacket = (core: Core, caller: Caller, input: { redPacketId: string; phrase?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'grabRedPacket', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const id = input.redPacketId;
    const terms = await termsOf(core, id);
    if (!terms) throw notFound('red packet', { redPacketId: id });
    const eligible = await isEligible(core, terms.target, user.userId);
    const data = { redPacketId: id, userId: user.userId, eligible, ...(input.phrase !== undefined ? { phrase: input.phrase } : {}), ...(await registeredAt(core, terms, user.userId)) };
    const r = await core.bus.handle(redPacketDecider, redPacketStream(id), { type: 'GrabRedPacket', data, metadata: meta });
    const grabbed = eventOf(r, 'RedPacketGrabbed');
    const credit = await runWallet(core.bus, creditGrab(grabbed));
    // No wait for read models here: the answer carries the new balance, and GET /v1/wallet
    // reads the wallet itself. A hot packet's grabs would otherwise queue behind projection lag.
    const credited = credit.events[0];
    const asset = assetOr(grabbed.data.asset);
    const balance = (credited && balanceAfter(credited.data.changes, asset)) ?? balanceOf(credit.state, asset);
    // `cash` is the grabber's cash (api-v1); for a packet of another asset, `balance` is that asset's.
    return { amount: grabbed.data.amount, asset, balance, cash: asset === 'cash' ? balance : credit.state.cash };
  });

/**
 * Only the sender, those who grabbed and those who may grab can see a packet. Its designated
 * openers are shown to all of them, its phrase only to the sender and those who grabbed
 * (`openerView`); both come from the packet's own stream, whose terms never change.
 */
export const getRedPacket = async (core: Core, caller: Caller, input: { redPacketId: string }): Promise<RedPacketDetails & OpenerView> => {
  const user = requireUser(caller);
  const p = await readRedPacket(core.pool, input.redPacketId);
  const grabbed = p?.grabs.some((g) => g.userId === user.userId) ?? false;
  const visible = p && (p.senderId === user.userId || grabbed || (await isEligible(core, p.target, user.userId)));
  if (!p || !visible) throw notFound('red packet');
  const terms = await termsOf(core, p.redPacketId);
  // Only a phrase packet's reader who is neither its sender nor a grabber in the read model costs a stream read.
  const took = grabbed || (terms?.phrase !== undefined && p.senderId !== user.userId && (await grabbedOnStream(core, p.redPacketId, user.userId)));
  return { ...p, ...openerView(terms, user.userId, took) };
};
