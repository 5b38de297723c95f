// The gift catalog is data, not code: GIFT_CATALOG (JSON) replaces this default.
import { z } from 'zod';
import { Gift } from '../../contracts/http/gifts.js';

export type CatalogGift = z.infer<typeof Gift>;

export const defaultCatalog: readonly CatalogGift[] = [
  { giftId: 'rose', name: 'Rose', price: 1 },
  { giftId: 'heart', name: 'Heart', price: 10, animation: 'heart' },
  { giftId: 'star', name: 'Star', price: 52, animation: 'sparkle' },
  { giftId: 'rocket', name: 'Rocket', price: 1314, animation: 'rocket' },
  { giftId: 'castle', name: 'Castle', price: 5200, animation: 'castle' },
];

export const parseCatalog = (json: string | undefined): readonly CatalogGift[] => {
  if (json === undefined) return defaultCatalog;
  const parsed = z.array(Gift).min(1).safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`GIFT_CATALOG is not a valid catalog: ${parsed.error.message}`);
  return parsed.data;
};
