// Ids. Entity ids are time-ordered 64-bit integers (snowflake layout: 41 bits of milliseconds
// since 2024-01-01, 10 bits of worker, 12 bits of sequence) carried as decimal strings, so a
// facade can render them as its app expects. Event ids are UUIDs derived from the command id,
// so a retried command re-appends the same ids and the store recognises it.
import { hash, randomBytes, randomInt } from 'node:crypto';

const EPOCH = 1704067200000n;

export interface IdGenerator {
  next(): string;
}

export const snowflake = (worker = randomInt(0, 1024)): IdGenerator => {
  let lastMs = 0n;
  let seq = 0n;
  const w = BigInt(worker & 0x3ff);
  return {
    next() {
      let now = BigInt(Date.now());
      if (now < lastMs) now = lastMs; // clock stepped back: keep the order
      if (now === lastMs) {
        seq = (seq + 1n) & 0xfffn;
        if (seq === 0n) now = lastMs + 1n; // 4096 ids in one ms: borrow the next ms
      } else {
        seq = 0n;
      }
      lastMs = now;
      return (((now - EPOCH) << 22n) | (w << 12n) | seq).toString();
    },
  };
};

/** A name-based UUID (version 5 layout over SHA-256) for a stable string. */
export const uuidFromName = (name: string): string => {
  // crypto.hash: one call, no Hash object (about half the cost of createHash for a short input).
  const h = hash('sha256', name, 'buffer');
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
};

/** The command id of an HTTP command: stable per (user, Idempotency-Key), random without a key. */
export const commandIdFor = (userId: string, idempotencyKey: string | undefined): string =>
  idempotencyKey === undefined ? `cmd:${randomBytes(16).toString('hex')}` : `key:${uuidFromName(`${userId}\u0000${idempotencyKey}`)}`;

/** A command issued in reaction to an event: re-delivery of the event derives the same id. */
export const derivedCommandId = (causeEventId: string, step: string): string => `evt:${causeEventId}:${step}`;

export const eventIdFor = (commandId: string, streamId: string, index: number): string => uuidFromName(`${commandId}\u0000${streamId}\u0000${index}`);
