// The browser's liabilities verifier (src/main/resources/META-INF/resources/liabilities-verify.js) under Node, on
// the same vectors as the Java verifier, the CLI and the API (src/test/resources/liabilities/vectors.json).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import {createHash, createHmac} from 'node:crypto';

const require = createRequire(import.meta.url);
const L = require('../src/main/resources/META-INF/resources/liabilities-verify.js');
const vectors = JSON.parse(readFileSync(new URL('../src/test/resources/liabilities/vectors.json', import.meta.url)));

test('SHA-256 and HMAC agree with Node crypto', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const m = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
    assert.equal(L.toHex(L.sha256(m)), '0x' + createHash('sha256').update(m).digest('hex'), 'length ' + n);
    const k = new Uint8Array(n % 100).map((_, i) => i);
    assert.equal(L.toHex(L.hmac(k, m)), '0x' + createHmac('sha256', k).update(m).digest('hex'), 'hmac length ' + n);
  }
});

test('every vector verifies as expected', () => {
  assert.equal(vectors.length, 23);
  for (const v of vectors) {
    const r = L.verify(v.proof, v.root);
    assert.equal(r.valid, v.valid, v.name + ': ' + JSON.stringify(r.reasons));
    assert.deepEqual(r.reasons, v.reasons, v.name + ': the same reasons as the Java verifier');
    if (v.valid) {
      assert.deepEqual(r.reasons, [], v.name);
      assert.equal(r.user, v.proof.user);
      assert.deepEqual(r.balances, v.proof.balances);
    } else {
      assert.ok(r.reasons.some((x) => x.includes(v.reason)), v.name + ': ' + JSON.stringify(r.reasons));
    }
  }
});

test('junk is refused with a reason, never an exception', () => {
  for (const junk of [null, 7, 'x', [], {}, {format: 'assay-liability-proof/1'}]) {
    const r = L.verify(junk, null);
    assert.equal(r.valid, false);
    assert.equal(r.reasons.length, 1, JSON.stringify(r.reasons));
  }
});
