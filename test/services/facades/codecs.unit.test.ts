// The facade framework's codecs and parameters: ids, money and times converted exactly, lists in
// every form the seeds send, and refusals coded (a missing parameter told apart from a wrong one).
import t from 'tap';
import { LosslessNumber } from 'lossless-json';
import { decimalNumber, decimalText, fromShanghaiWallClock, idFrom, idNumber, minorUnitsFrom, shanghaiWallClock, unixSeconds } from '../../../services/facades/framework/codecs.js';
import { parseJson, stringifyJson } from '../../../services/facades/framework/json.js';
import { Params } from '../../../services/facades/framework/params.js';

const refused = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (err) {
    return err as { code?: string; details?: Record<string, unknown> };
  }
};

t.test('ids: numbers or numeric strings in, 64-bit ids out as exact unquoted digits', async (t) => {
  t.equal(idFrom('id', 123), '123');
  t.equal(idFrom('id', '3520846628452474100'), '3520846628452474100');
  t.equal(idFrom('id', new LosslessNumber('18446744073709551615')), '18446744073709551615', 'the largest 64-bit id');
  for (const bad of ['0', '-1', '1.5', 'abc', '18446744073709551616', '', 1.5, null]) t.match(refused(() => idFrom('id', bad)), { code: 'VALIDATION_FAILED' }, `refuses ${String(bad)}`);
  t.equal(stringifyJson({ UserId: idNumber('3520846628452474100') }), '{"UserId":3520846628452474100}', 'written exactly, unquoted');
  const parsed = parseJson('{"roomId": 3520846628452474100, "n": 7}') as { roomId: LosslessNumber; n: number };
  t.equal(idFrom('roomId', parsed.roomId), '3520846628452474100', 'a body keeps every digit');
  t.equal(parsed.n, 7, 'safe integers stay numbers');
});

t.test('money: decimal amounts to minor units exactly, excess precision refused, never rounded', async (t) => {
  t.equal(minorUnitsFrom('amount', '1.5', 2), 150);
  t.equal(minorUnitsFrom('amount', 0.1, 2), 10, 'a JSON number 0.1 is 10 fen, not 10.000000000000002');
  t.equal(minorUnitsFrom('amount', '0.00000001', 8), 1, 'an 8-decimal coin');
  t.equal(minorUnitsFrom('amount', new LosslessNumber('123456.12345678'), 8), 12_345_612_345_678);
  t.equal(minorUnitsFrom('amount', '10', 2), 1000);
  for (const bad of ['1.005', '-1', '1e3', 'abc', '', '90071992547409.92']) t.match(refused(() => minorUnitsFrom('amount', bad, 2)), { code: 'VALIDATION_FAILED' }, `refuses ${bad}`);
  t.equal(decimalText(150, 2), '1.50');
  t.equal(decimalText(5, 2), '0.05');
  t.equal(decimalText(-150, 2), '-1.50');
  t.equal(decimalText(1, 8), '0.00000001');
  t.equal(stringifyJson({ amount: decimalNumber(150, 2) }), '{"amount":1.5}');
  t.equal(stringifyJson({ amount: decimalNumber(100, 2) }), '{"amount":1}');
});

t.test('times: epoch, Unix seconds and the Asia/Shanghai wall clock both ways', async (t) => {
  const iso = '2026-01-01T16:30:05.000Z';
  t.equal(unixSeconds(iso), 1767285005);
  t.equal(shanghaiWallClock(iso), '2026-01-02 00:30:05', 'UTC+8');
  t.equal(fromShanghaiWallClock('t', '2026-01-02 00:30:05'), iso);
  t.equal(fromShanghaiWallClock('t', '2026-01-02'), '2026-01-01T16:00:00.000Z');
  for (const bad of ['2026-02-30', '2026-13-01', '2026-01-01 24:00:00', 'tomorrow']) t.match(refused(() => fromShanghaiWallClock('t', bad)), { code: 'VALIDATION_FAILED' }, `refuses ${bad}`);
});

t.test('parameters: body over query, lists in every form, missing told apart from wrong', async (t) => {
  const p = Params.of({ a: 'q', ids: '1,2, 3', page: '2' }, { a: 'b', 'more[]': ['4', '5'], json: '["6","7"]', bad: '1\u0000' });
  t.equal(p.string('a'), 'b', 'the body wins');
  t.same(p.idList('ids'), ['1', '2', '3']);
  t.same(p.list('more'), ['4', '5'], 'key[] repeated');
  t.same(p.list('json'), ['6', '7'], 'a JSON array string');
  t.equal(p.int('page', { min: 0 }), 2);
  t.match(refused(() => p.string('nothing')), { code: 'VALIDATION_FAILED', details: { missing: true } });
  t.match(refused(() => p.int('a')), { code: 'VALIDATION_FAILED' });
  t.notOk(refused(() => p.int('a'))?.details?.missing, 'a wrong value is not a missing one');
  t.match(refused(() => p.string('bad')), { code: 'VALIDATION_FAILED' }, 'a NUL is never stored');
  t.match(refused(() => p.int('page', { max: 1 })), { code: 'VALIDATION_FAILED' }, 'out of range is refused, not clamped');
});
