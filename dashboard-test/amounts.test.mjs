// The dashboard's exact amount formatting (src/main/resources/META-INF/resources/amounts.js): digits only, no floats.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';

const A = createRequire(import.meta.url)('../src/main/resources/META-INF/resources/amounts.js');

test('raw units become exact decimals, past 2^53', () => {
  assert.equal(A.rawToDecimal('1250000000', 8), '12.50000000');
  assert.equal(A.rawToDecimal('5', 8), '0.00000005');
  assert.equal(A.rawToDecimal('-100', 2), '-1.00');
  assert.equal(A.rawToDecimal('42', 0), '42');
  // 2^53 + 1 wei: a Number would print ...992
  assert.equal(A.rawToDecimal('9007199254740993', 18), '0.009007199254740993');
  assert.throws(() => A.rawToDecimal('1.5', 8), /not a raw integer/);
});

test('typed amounts become raw units exactly or are refused with a reason', () => {
  assert.equal(A.decimalToRaw('0.01', 8), '1000000');
  assert.equal(A.decimalToRaw('1,000.25', 8), '100025000000');
  assert.equal(A.decimalToRaw(' 7 ', 8), '700000000');
  assert.equal(A.decimalToRaw('.5', 8), '50000000');
  assert.equal(A.decimalToRaw('12345678901234567890.123456789012345678', 18), '12345678901234567890123456789012345678');
  assert.throws(() => A.decimalToRaw('1.123456789', 8), /at most 8 decimal places/);
  assert.throws(() => A.decimalToRaw('0', 8), /more than 0/);
  for (const bad of ['', '.', '-1', '1e5', '0x10', '1.2.3', 'abc']) {
    assert.throws(() => A.decimalToRaw(bad, 8), /positive amount/, JSON.stringify(bad));
  }
});

test('decimals are grouped and trimmed, ratios truncated never rounded up', () => {
  assert.equal(A.formatDecimal('1234567.50000000'), '1,234,567.50');
  assert.equal(A.formatDecimal('0.12345678'), '0.12345678');
  assert.equal(A.formatDecimal('-1000.00'), '-1,000.00');
  assert.equal(A.formatDecimal('42'), '42');
  assert.equal(A.formatDecimal(null), '–');
  assert.equal(A.formatRatio('0.999999999999999999'), '0.9999');
  assert.equal(A.formatRatio('1.285714285714285714'), '1.2857');
  assert.equal(A.formatRatio('2'), '2.0000');
  assert.equal(A.formatRatio(null), '–');
});
