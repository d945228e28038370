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

test('every binary twin decodes to its JSON and verifies with the same reasons', () => {
  const twins = vectors.filter((v) => v.binary !== null);
  assert.equal(twins.length, 20, 'all but fractional-part, padded-base64 and format-1 have a binary form');
  for (const v of twins) {
    const b = L.fromBase64url(v.binary);
    assert.deepEqual(L.decodeBinary(b), v.proof, v.name + ': exact round trip');
    const r = L.verifyBinary(b, v.root);
    assert.equal(r.valid, v.valid, v.name);
    assert.deepEqual(r.reasons, v.reasons, v.name + ': the same reasons as for the JSON');
  }
});

test('binary proofs are decoded strictly, with the Java decoder\'s words', () => {
  const b = L.fromBase64url(vectors[0].binary);
  const reason = (bytes) => L.verifyBinary(bytes, null).reasons;
  assert.deepEqual(reason(b.slice(0, b.length - 1)), ['binary proof: path[1]: truncated at byte ' + (b.length - 1)
    + ' (a sibling is hash[32] and 3 length-prefixed sums)']);
  assert.deepEqual(reason(new Uint8Array([...b, 0])), ['binary proof: 1 trailing bytes after the proof, at byte ' + b.length]);
  assert.deepEqual(reason(new Uint8Array([0x41, 0x4c, 0x50, 1])), ['binary proof: binary proof version 1: only version 2 (assay-liability-proof/2) is read']);
  assert.deepEqual(reason(new Uint8Array([0x7b])), ["binary proof: not a binary liabilities proof (expected the magic 'ALP')"]);
  // publication.leaves 16 = 0x10 written as 0x90 0x00 (non-minimal varint)
  const at = 4 + 1 + b[4];
  let p = at + 1;
  for (let i = 0; i < b[at]; i++) p += 1 + b[p];
  p += 32;
  for (let i = 0; i < b[at]; i++) p += 1 + b[p];
  assert.equal(b[p], 16, 'publication.leaves');
  const nonMinimal = new Uint8Array([...b.slice(0, p), 0x90, 0x00, ...b.slice(p + 1)]);
  assert.deepEqual(reason(nonMinimal), ['binary proof: publication.leaves: non-minimal varint at byte ' + p]);
  // the first total written with a leading zero byte
  let q = at + 1;
  for (let i = 0; i < b[at]; i++) q += 1 + b[q];
  q += 32;
  const len = b[q];
  const padded = new Uint8Array([...b.slice(0, q), len + 1, 0, ...b.slice(q + 1)]);
  assert.deepEqual(reason(padded), ['binary proof: publication.totals[0]: non-minimal amount (leading zero byte) at byte ' + q]);
});
