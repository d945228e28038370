// Verifies an Assay liabilities inclusion proof (format assay-liability-proof/1, docs/liabilities.md) entirely in the
// browser: SHA-256, HMAC-SHA-256 and 128-bit sums (BigInt) computed here, nothing asked of any server. The same
// algorithm as io.assay.liabilities.ProofVerifier; both pass src/test/resources/liabilities/vectors.json.
(function (root) {
  'use strict';

  // ---- SHA-256 (FIPS 180-4) over Uint8Array ----
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256(msg) {
    const len = msg.length;
    const total = ((len + 9 + 63) >> 6) << 6;
    const m = new Uint8Array(total);
    m.set(msg);
    m[len] = 0x80;
    const bits = len * 8;
    const dv = new DataView(m.buffer);
    dv.setUint32(total - 8, Math.floor(bits / 0x100000000));
    dv.setUint32(total - 4, bits >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    for (let off = 0; off < total; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const a = w[i - 15], b = w[i - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [A, B, C, D, E, F, G, H] = h;
      for (let i = 0; i < 64; i++) {
        const S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
        const ch = (E & F) ^ (~E & G);
        const t1 = (H + S1 + ch + K[i] + w[i]) >>> 0;
        const S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
        const maj = (A & B) ^ (A & C) ^ (B & C);
        const t2 = (S0 + maj) >>> 0;
        H = G; G = F; F = E; E = (D + t1) >>> 0; D = C; C = B; B = A; A = (t1 + t2) >>> 0;
      }
      h[0] += A; h[1] += B; h[2] += C; h[3] += D; h[4] += E; h[5] += F; h[6] += G; h[7] += H;
    }
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
    return out;
  }

  function concat(...parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }

  function hmac(key, ...parts) {
    let k = key.length > 64 ? sha256(key) : key;
    const block = new Uint8Array(64);
    block.set(k);
    const ipad = block.map((b) => b ^ 0x36);
    const opad = block.map((b) => b ^ 0x5c);
    return sha256(concat(opad, sha256(concat(ipad, ...parts))));
  }

  const utf8 = (s) => new TextEncoder().encode(s);
  const toHex = (b) => '0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

  // ---- the scheme (io.assay.liabilities.Scheme) ----
  const FORMAT = 'assay-liability-proof/1';
  const LIMIT = 1n << 128n;
  const MAX_DEPTH = 30;
  const PUBLICATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

  function fail(msg) { throw new Error(msg); }

  function hex32(s, bytes, what) {
    if (typeof s !== 'string' || !s.startsWith('0x') || s.length !== 2 + 2 * bytes) {
      fail(what + ': expected 0x and ' + (2 * bytes) + ' hex digits');
    }
    if (!/^[0-9a-fA-F]*$/.test(s.slice(2))) fail(what + ': not hex');
    const out = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) out[i] = parseInt(s.substr(2 + 2 * i, 2), 16);
    return out;
  }

  function abbreviate(s) { return s.length <= 48 ? s : s.slice(0, 45) + '...'; }

  function parseAmount(s) {
    if (s === '') fail('empty amount');
    if (s[0] === '-') fail("negative amount '" + s + "'");
    if (!/^[0-9]+$/.test(s)) fail("not a non-negative integer in raw units: '" + abbreviate(s) + "'");
    if (s.length > 1 && s[0] === '0') fail("leading zero in amount '" + abbreviate(s) + "'");
    if (s.length > 39) fail("amount too large (2^128 or more): '" + abbreviate(s) + "'");
    const v = BigInt(s);
    if (v >= LIMIT) fail("amount too large (2^128 or more): '" + s + "'");
    return v;
  }

  function amount16(v) {
    const out = new Uint8Array(16);
    let x = v;
    for (let i = 15; i >= 0; i--) { out[i] = Number(x & 0xffn); x >>= 8n; }
    return out;
  }

  function checkUserId(id) {
    if (typeof id !== 'string') fail("'user' must be a string");
    if (id === '') fail('empty user id');
    for (const ch of id) {
      const c = ch.codePointAt(0);
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) fail('user id contains a control character');
    }
    const b = utf8(id);
    if (b.length > 256) fail('user id longer than 256 bytes');
    return b;
  }

  function leafSalt(secret, pubId, k) {
    return hmac(secret, utf8('salt'), new Uint8Array([0]), utf8(pubId),
      new Uint8Array([0, (k >>> 24) & 255, (k >>> 16) & 255, (k >>> 8) & 255, k & 255]));
  }

  function leafHash(salt, userId, amounts) {
    return sha256(concat(new Uint8Array([0]), salt, new Uint8Array([userId.length >> 8, userId.length & 255]), userId,
      ...amounts.map(amount16)));
  }

  function nodeHash(lh, ls, rh, rs) {
    return sha256(concat(new Uint8Array([1]), lh, ...ls.map(amount16), rh, ...rs.map(amount16)));
  }

  const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

  function text(n, field) {
    const v = n == null ? undefined : n[field];
    if (typeof v !== 'string') fail("'" + field + "' must be a string");
    return v;
  }

  function amounts(n, field, count, where) {
    const v = n[field];
    if (!Array.isArray(v) || v.length !== count) fail(where + ' must be an array of ' + count + ' amounts (one per asset)');
    return v.map((x, i) => {
      if (typeof x !== 'string') fail(where + '[' + i + '] must be a decimal string');
      try { return parseAmount(x); } catch (e) { fail(where + '[' + i + ']: ' + e.message); }
    });
  }

  /**
   * proof: the parsed JSON; expectedRoot: the published root (0x hex) or null.
   * Returns {valid, reasons, user, publication, root, assets, balances, totals} (amounts as decimal strings).
   */
  function verify(proof, expectedRoot) {
    const reasons = [];
    const res = {valid: false, reasons, user: null, publication: null, root: null, assets: [], balances: [], totals: []};
    try {
      if (!isObject(proof)) fail('the proof is not a JSON object');
      if (proof.format !== FORMAT) fail("format must be '" + FORMAT + "'");
      const pub = proof.publication;
      if (!isObject(pub)) fail("'publication' must be an object");
      const pubId = text(pub, 'id');
      if (!PUBLICATION_ID.test(pubId)) {
        fail("publication id must be 1-64 characters of A-Z a-z 0-9 . _ : - (found '" + pubId + "')");
      }
      res.publication = pubId;
      const assets = pub.assets;
      if (!Array.isArray(assets) || !assets.every((x) => typeof x === 'string')) fail("'assets' must be an array of strings");
      res.assets = assets;
      if (assets.length === 0 || new Set(assets).size !== assets.length) {
        fail('publication.assets must be a non-empty list of distinct asset ids');
      }
      const a = assets.length;
      res.root = text(pub, 'root');
      const rootHash = hex32(res.root, 32, 'publication.root');
      const totals = amounts(pub, 'totals', a, 'publication.totals');
      res.totals = totals;
      const size = pub.leaves;
      if (!Number.isSafeInteger(size)) fail('publication.leaves must be an integer');
      if (!(size >= 2 && size <= 2 ** MAX_DEPTH && (size & (size - 1)) === 0)) {
        fail('publication.leaves must be a power of two between 2 and 2^' + MAX_DEPTH + ' (found ' + size + ')');
      }
      const depth = Math.log2(size);
      res.user = typeof proof.user === 'string' ? proof.user : null;
      const user = text(proof, 'user');
      const userId = checkUserId(user);
      const secret = hex32(text(proof, 'userSecret'), 32, 'userSecret');
      const balances = amounts(proof, 'balances', a, 'balances');
      res.balances = balances;
      const leaves = proof.leaves;
      if (!Array.isArray(leaves)) fail('leaves must be an array');
      if (leaves.length < 2) fail('a balance is split across at least 2 leaves (the proof has ' + leaves.length + ')');
      if (expectedRoot != null && expectedRoot !== '') {
        const want = hex32(expectedRoot, 32, 'root');
        if (!eq(want, rootHash)) reasons.push("the proof's root " + res.root + ' is not the published root ' + toHex(want));
      }
      const sumOfParts = new Array(a).fill(0n);
      const seen = new Set();
      leaves.forEach((leaf, k) => {
        const where = 'leaves[' + k + ']';
        if (!isObject(leaf)) fail(where + ' must be an object');
        const index = leaf.index;
        if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
          fail(where + '.index must be an integer in [0, ' + size + ')');
        }
        if (seen.has(index)) {
          reasons.push(where + ': leaf ' + index + ' is used twice in this proof (a duplicated leaf)');
          return;
        }
        seen.add(index);
        const part = amounts(leaf, 'balances', a, where + '.balances');
        const path = leaf.path;
        if (!Array.isArray(path) || path.length !== depth) {
          fail(where + '.path must have ' + depth + ' siblings (log2 of ' + size + ' leaves)');
        }
        part.forEach((v, i) => { sumOfParts[i] += v; });
        let hash = leafHash(leafSalt(secret, pubId, k), userId, part);
        let sums = part;
        let pos = index;
        let failure = null;
        for (let l = 0; l < depth && failure === null; l++) {
          const sn = path[l];
          const sw = where + '.path[' + l + ']';
          if (!isObject(sn)) fail(sw + ' must be an object');
          const sh = hex32(text(sn, 'hash'), 32, sw + '.hash');
          const ss = amounts(sn, 'sums', a, sw + '.sums');
          const right = (pos % 2) === 1;
          const [lh, ls, rh, rs] = right ? [sh, ss, hash, sums] : [hash, sums, sh, ss];
          const next = ls.map((v, i) => v + rs[i]);
          next.forEach((v, i) => {
            if (v >= LIMIT) failure = sw + ': the sum of ' + assets[i] + ' reaches 2^128 (overflow)';
          });
          hash = nodeHash(lh, ls, rh, rs);
          sums = next;
          pos = Math.floor(pos / 2);
        }
        if (failure !== null) { reasons.push(failure); return; }
        if (!eq(hash, rootHash)) {
          reasons.push(where + ': the path does not lead to the root (computed ' + toHex(hash) + ')');
          return;
        }
        sums.forEach((v, i) => {
          if (v !== totals[i]) {
            reasons.push(where + ': the root sum of ' + assets[i] + ' is ' + v + ', not the published total ' + totals[i]);
          }
        });
      });
      sumOfParts.forEach((v, i) => {
        if (v !== balances[i]) reasons.push('the leaves hold ' + v + ' ' + assets[i] + ', not the balance ' + balances[i]);
      });
    } catch (e) {
      reasons.push(e.message);
    }
    res.valid = reasons.length === 0;
    res.balances = res.balances.map(String);
    res.totals = res.totals.map(String);
    return res;
  }

  const api = {verify, sha256, hmac, toHex};
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AssayLiabilities = api;
  }
})(typeof window !== 'undefined' ? window : globalThis);
