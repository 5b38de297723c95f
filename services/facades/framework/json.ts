// JSON for the seed apps: numbers read and written without a double in between. A body's integer
// beyond 2^53 (a 64-bit id) or decimal (an amount) keeps its exact text; answers write ids and
// amounts made by codecs.ts as unquoted digits, exactly.
import { isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json';

/** Safe integers become numbers; anything else keeps its text (as a LosslessNumber). */
export const parseJson = (text: string): unknown => parse(text, null, (value) => (isSafeNumber(value) && Number.isInteger(Number(value)) ? Number(value) : new LosslessNumber(value)));

export const stringifyJson = (value: unknown): string => stringify(value) ?? 'null';
