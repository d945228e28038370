// Verifies an Assay liabilities inclusion proof (format assay-liability-proof/2, docs/liabilities.md) entirely in the
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
  const FORMAT = 'assay-liability-proof/2';
  const FORMAT_1 = 'assay-liability-proof/1';
  const MAX_PARTS = 16;
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

  // base64url without padding, strict: one text per byte string (as io.assay.liabilities.Base64Url)
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function base64url(s, where) {
    const bad = () => fail(where + ': not base64url (A-Z a-z 0-9 - _, no padding)');
    if (s.length % 4 === 1) bad();
    const out = new Uint8Array(Math.floor(s.length * 3 / 4));
    let acc = 0, bits = 0, o = 0;
    for (const ch of s) {
      const v = B64.indexOf(ch);
      if (v < 0 || ch.length !== 1) bad();
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >>> bits) & 255;
        acc &= (1 << bits) - 1;
      }
    }
    if (acc !== 0) bad();
    return out;
  }

  // a sibling: base64url of hash[32], then per asset a length byte (0-16) and the sum's minimal big-endian bytes
  function sibling(list, i, assets, where) {
    const t = list[i];
    if (typeof t !== 'string') fail(where + ' must be a string (base64url)');
    const b = base64url(t, where);
    const shape = () => fail(where + ': expected a 32-byte hash then, per asset, a length byte and that many bytes');
    if (b.length < 32) shape();
    const sums = [];
    let o = 32;
    for (let i2 = 0; i2 < assets.length; i2++) {
      if (o >= b.length) shape();
      const len = b[o++];
      if (len > 16) fail(where + ': the sum of ' + assets[i2] + ' has ' + len + ' bytes (sums are unsigned 128-bit: at most 16)');
      if (o + len > b.length) shape();
      if (len > 0 && b[o] === 0) fail(where + ': the sum of ' + assets[i2] + ' has a leading zero byte (not minimal)');
      let v = 0n;
      for (let j = 0; j < len; j++) v = (v << 8n) | BigInt(b[o + j]);
      sums.push(v);
      o += len;
    }
    if (o !== b.length) fail(where + ': ' + (b.length - o) + ' bytes after the last sum');
    return {hash: b.slice(0, 32), sums};
  }

  // the siblings leaves at relative positions need inside a window of 2^k leaves, in the proof's order
  // (as SumTree.windowNeeds): level by level, by ascending position of the node whose sibling it is
  function windowNeeds(rel, k) {
    let known = Array.from(new Set(rel)).sort((x, y) => x - y);
    const out = [];
    for (let l = 0; l < k; l++) {
      const next = [];
      for (let j = 0; j < known.length; j++) {
        const pos = known[j];
        if (pos % 2 === 0 && j + 1 < known.length && known[j + 1] === pos + 1) j++;
        else out.push([l, pos ^ 1]);
        next.push(Math.floor(pos / 2));
      }
      known = next;
    }
    return out;
  }

  // the parent of two nodes: sums added with an overflow check (a reason, or null), both hashes and sums hashed
  function combine(left, right, assets, where) {
    const sums = left.sums.map((v, i) => v + right.sums[i]);
    for (let i = 0; i < sums.length; i++) {
      if (sums[i] >= LIMIT) return {failure: where + ': the sum of ' + assets[i] + ' reaches 2^128 (overflow)'};
    }
    return {node: {hash: nodeHash(left.hash, left.sums, right.hash, right.sums), sums}};
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
      if (proof.format === FORMAT_1) {
        fail("format '" + FORMAT_1 + "' (one path per leaf) is no longer verified: ask the custodian for the '" + FORMAT + "' proof");
      }
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
      if (!(size >= 4 && size <= 2 ** MAX_DEPTH && (size & (size - 1)) === 0)) {
        fail('publication.leaves must be a power of two between 4 and 2^' + MAX_DEPTH + ' (found ' + size + ')');
      }
      const depth = Math.log2(size);
      const window = pub.window;
      if (!(Number.isSafeInteger(window) && window >= 4 && window <= size && (window & (window - 1)) === 0)) {
        fail('publication.window must be a power of two between 4 and publication.leaves');
      }
      const k = Math.log2(window);
      res.user = typeof proof.user === 'string' ? proof.user : null;
      const user = text(proof, 'user');
      const userId = checkUserId(user);
      const secret = hex32(text(proof, 'userSecret'), 32, 'userSecret');
      const balances = amounts(proof, 'balances', a, 'balances');
      res.balances = balances;
      const leaves = proof.leaves;
      if (!Array.isArray(leaves)) fail('leaves must be an array');
      if (leaves.length < 2) fail('a balance is split across at least 2 leaves (the proof has ' + leaves.length + ')');
      if (leaves.length > MAX_PARTS) fail('at most ' + MAX_PARTS + ' leaves (the proof has ' + leaves.length + ')');
      const windowPath = proof.windowPath;
      if (!Array.isArray(windowPath)) fail('windowPath must be an array');
      const path = proof.path;
      if (!Array.isArray(path)) fail('path must be an array');
      if (expectedRoot != null && expectedRoot !== '') {
        const want = hex32(expectedRoot, 32, 'root');
        if (!eq(want, rootHash)) reasons.push("the proof's root " + res.root + ' is not the published root ' + toHex(want));
      }
      const sumOfParts = new Array(a).fill(0n);
      const seen = new Set();
      const index = [];
      const nodes = [];
      leaves.forEach((leaf, j) => {
        const where = 'leaves[' + j + ']';
        if (!isObject(leaf)) fail(where + ' must be an object');
        const i = leaf.index;
        if (!(Number.isSafeInteger(i) && i >= 0 && i < size)) fail(where + '.index must be an integer in [0, ' + size + ')');
        index.push(i);
        if (seen.has(i)) fail(where + ': leaf ' + i + ' is used twice in this proof (a duplicated leaf)');
        seen.add(i);
        const w0 = Math.floor(index[0] / window) * window;
        if (Math.floor(i / window) !== Math.floor(index[0] / window)) {
          fail(where + ': leaf ' + i + ' is not in the window of leaf ' + index[0] + ' (leaves ' + w0 + ' to '
            + (w0 + window - 1) + "): a balance's leaves share one window");
        }
        const part = amounts(leaf, 'balances', a, where + '.balances');
        part.forEach((v, x) => { sumOfParts[x] += v; });
        nodes.push({hash: leafHash(leafSalt(secret, pubId, j), userId, part), sums: part});
      });
      const win = Math.floor(index[0] / window);
      const half = window / 2;
      const rel = index.map((i) => i - win * window);
      if (!(rel.some((r) => r < half) && rel.some((r) => r >= half))) {
        fail('the leaves are all in one half of their window (leaves ' + (win * window) + ' to ' + (win * window + window - 1)
          + "): a balance's leaves lie in both halves");
      }
      const needs = windowNeeds(rel, k);
      if (windowPath.length !== needs.length) {
        fail('windowPath must have ' + needs.length + ' siblings for these leaves (found ' + windowPath.length + ')');
      }
      if (path.length !== depth - k) {
        fail('path must have ' + (depth - k) + ' siblings (log2 of ' + size + " leaves minus log2 of the window's "
          + window + ') (found ' + path.length + ')');
      }
      // climb inside the window, level by level, in the order the siblings are listed
      let known = new Map();
      rel.forEach((r, j) => known.set(r, nodes[j]));
      let used = 0;
      let failure = null;
      for (let l = 0; l < k && failure === null; l++) {
        const next = new Map();
        for (const pos of Array.from(known.keys()).sort((x, y) => x - y)) {
          if (next.has(Math.floor(pos / 2))) continue;
          const mine = known.get(pos);
          let other = known.get(pos ^ 1);
          let sw = null;
          if (other === undefined) {
            sw = 'windowPath[' + used + ']';
            other = sibling(windowPath, used, assets, sw);
            used++;
          }
          const c = pos % 2 === 0 ? combine(mine, other, assets, sw === null ? 'window level ' + l : sw)
            : combine(other, mine, assets, sw === null ? 'window level ' + l : sw);
          if (c.failure) { failure = c.failure; break; }
          next.set(Math.floor(pos / 2), c.node);
        }
        known = next;
      }
      let node = failure === null ? known.values().next().value : null;
      let pos = win;
      for (let l = 0; l < depth - k && failure === null; l++) {
        const sw = 'path[' + l + ']';
        const sib = sibling(path, l, assets, sw);
        const c = pos % 2 === 0 ? combine(node, sib, assets, sw) : combine(sib, node, assets, sw);
        if (c.failure) { failure = c.failure; break; }
        node = c.node;
        pos = Math.floor(pos / 2);
      }
      if (failure !== null) {
        reasons.push(failure);
      } else if (!eq(node.hash, rootHash)) {
        reasons.push('the path does not lead to the root (computed ' + toHex(node.hash) + ')');
      } else {
        node.sums.forEach((v, i) => {
          if (v !== totals[i]) reasons.push('the root sum of ' + assets[i] + ' is ' + v + ', not the published total ' + totals[i]);
        });
      }
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

  function base64urlEncode(b) {
    let out = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
      const chars = i + 2 < b.length ? 4 : i + 1 < b.length ? 3 : 2;
      for (let c = 0; c < chars; c++) out += B64[(n >>> (18 - 6 * c)) & 63];
    }
    return out;
  }

  const MAGIC = [0x41, 0x4c, 0x50, 2];

  /**
   * The JSON proof a binary proof holds (as io.assay.liabilities.ProofBinary.toJson, with the same refusals):
   * magic "ALP" 2, then the publication, user, secret, balances, leaves and siblings (docs/liabilities.md).
   */
  function decodeBinary(b) {
    let pos = 0;
    const truncated = (where) => fail(where + ': truncated at byte ' + b.length);
    const u8 = (where) => (pos < b.length ? b[pos++] : truncated(where));
    const bytes = (n, where) => {
      if (n > b.length - pos) truncated(where);
      const out = b.slice(pos, pos + n);
      pos += n;
      return out;
    };
    const str = (n, where) => {
      const at = pos;
      const raw = bytes(n, where);
      try {
        return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(raw);
      } catch (e) {
        return fail(where + ': not UTF-8 at byte ' + at);
      }
    };
    const amounts = (n, where) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const at = pos;
        const v = bytes(u8(where), where);
        if (v.length > 0 && v[0] === 0) fail(where + '[' + i + ']: non-minimal amount (leading zero byte) at byte ' + at);
        let x = 0n;
        for (const c of v) x = (x << 8n) | BigInt(c);
        out.push(x.toString());
      }
      return out;
    };
    const varint = (where) => {
      const at = pos;
      let v = 0n;
      for (let shift = 0n; ; shift += 7n) {
        const x = u8(where);
        if (shift === 63n && x > 0) fail(where + ': varint at byte ' + at + ' is 2^63 or more');
        v |= BigInt(x & 0x7f) << shift;
        if ((x & 0x80) === 0) {
          if (x === 0 && shift > 0n) fail(where + ': non-minimal varint at byte ' + at);
          return Number(v);
        }
      }
    };
    for (let i = 0; i < MAGIC.length; i++) {
      if (u8('magic') !== MAGIC[i]) {
        fail(i < 3 ? "not a binary liabilities proof (expected the magic 'ALP')"
          : 'binary proof version ' + b[3] + ': only version 2 (' + FORMAT + ') is read');
      }
    }
    const pub = {};
    pub.id = str(u8('publication.id'), 'publication.id');
    const n = u8('publication.assets');
    if (n === 0) fail('publication.assets: count 0 at byte ' + (pos - 1) + ', expected 1 to 255');
    pub.assets = [];
    for (let i = 0; i < n; i++) pub.assets.push(str(u8('publication.assets'), 'publication.assets[' + i + ']'));
    pub.root = toHex(bytes(32, 'publication.root'));
    pub.totals = amounts(n, 'publication.totals');
    pub.leaves = varint('publication.leaves');
    pub.window = varint('publication.window');
    pub.asOf = str(u8('publication.asOf'), 'publication.asOf');
    const proof = {format: FORMAT, publication: pub};
    const userLength = varint('user');
    if (userLength > (1 << 20)) fail('user: length ' + userLength + ' is too long');
    proof.user = str(userLength, 'user');
    proof.userSecret = toHex(bytes(32, 'userSecret'));
    proof.balances = amounts(n, 'balances');
    const count = u8('leaves');
    proof.leaves = [];
    for (let k = 0; k < count; k++) {
      const index = varint('leaves[' + k + '].index');
      proof.leaves.push({index, balances: amounts(n, 'leaves[' + k + '].balances')});
    }
    for (const field of ['windowPath', 'path']) {
      const c = varint(field);
      proof[field] = [];
      for (let i = 0; i < c; i++) {
        let end = pos + 32;
        for (let a = 0; a < n && end <= b.length; a++) end = end < b.length ? end + 1 + b[end] : b.length + 1;
        if (end > b.length) {
          fail(field + '[' + i + ']: truncated at byte ' + b.length + ' (a sibling is hash[32] and ' + n
            + ' length-prefixed sums)');
        }
        proof[field].push(base64urlEncode(b.slice(pos, end)));
        pos = end;
      }
    }
    if (pos !== b.length) fail((b.length - pos) + ' trailing bytes after the proof, at byte ' + pos);
    return proof;
  }

  /** Verifies a binary proof (Uint8Array): decoded strictly, then verified exactly as its JSON. */
  function verifyBinary(b, expectedRoot) {
    let proof;
    try {
      proof = decodeBinary(b);
    } catch (e) {
      return {valid: false, reasons: ['binary proof: ' + e.message], user: null, publication: null, root: null,
        assets: [], balances: [], totals: []};
    }
    return verify(proof, expectedRoot);
  }

  /** Decodes the base64url text of a binary proof (as pasted), strictly. */
  function fromBase64url(text) {
    return base64url(text, 'binary proof');
  }

  const api = {verify, verifyBinary, decodeBinary, fromBase64url, sha256, hmac, toHex};
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AssayLiabilities = api;
  }
})(typeof window !== 'undefined' ? window : globalThis);
