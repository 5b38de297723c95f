// The one ObjectStore contract, run in full against every adapter (disk, S3 on s3rver).
import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import type { ObjectStore } from '../../../../services/shared/objects/port.js';

export interface ObjectStoreFixture {
  store: ObjectStore;
  teardown(): Promise<void>;
}

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256));

export const objectStoreContract = (t: Test, name: string, make: () => Promise<ObjectStoreFixture>) =>
  t.test(`ObjectStore contract: ${name}`, async (t) => {
    const { store, teardown } = await make();
    t.teardown(teardown);
    const key = () => `media/${randomUUID()}`;

    t.test('given a put, when got whole, then the same bytes and type come back', async (t) => {
      const k = key();
      const body = bytes(5000);
      await store.put(k, body, 'image/png');
      const got = await store.get(k);
      t.ok(got);
      t.same(got?.body.equals(body), true);
      t.equal(got?.size, 5000);
      t.equal(got?.contentType, 'image/png');
    });

    t.test('given a put, when a range is got, then exactly those bytes and the whole size', async (t) => {
      const k = key();
      const body = bytes(1000);
      await store.put(k, body, 'audio/wav');
      const got = await store.get(k, { start: 100, end: 199 });
      t.equal(got?.body.length, 100);
      t.same(got?.body.equals(body.subarray(100, 200)), true);
      t.equal(got?.size, 1000);
      const tail = await store.get(k, { start: 990, end: 999 });
      t.same(tail?.body.equals(body.subarray(990)), true);
    });

    t.test('given a put, when headed, then its size and type without the bytes', async (t) => {
      const k = key();
      await store.put(k, bytes(321), 'video/mp4');
      t.same(await store.head(k), { size: 321, contentType: 'video/mp4' });
    });

    t.test('given a missing key, then get and head are null and delete is harmless', async (t) => {
      const k = key();
      t.equal(await store.get(k), null);
      t.equal(await store.get(k, { start: 0, end: 9 }), null);
      t.equal(await store.head(k), null);
      await store.delete(k);
    });

    t.test('given a put, when deleted, then it is gone', async (t) => {
      const k = key();
      await store.put(k, bytes(10), 'text/plain');
      await store.delete(k);
      t.equal(await store.head(k), null);
      t.equal(await store.get(k), null);
    });

    t.test('refuses a key that could walk out of its place', async (t) => {
      await t.rejects(store.put('../escape', bytes(1), 'text/plain'));
      await t.rejects(store.get('media/../../etc/passwd'));
    });
  });
