// Tests for the litesvm-backed Solana JSON-RPC shim.
// Run: node --test chains/devnet/solana/
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";

const SHIM = path.join(path.dirname(fileURLToPath(import.meta.url)), "shim.mjs");
const spawned = []; // every child we start, to prove none is left behind

function startShim(extraArgs = []) {
  const child = spawn(process.execPath, [SHIM, "--port", "0", ...extraArgs], { stdio: ["pipe", "pipe", "pipe"] });
  spawned.push(child);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`shim did not become ready; stderr:\n${stderr}`)), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^SHIM_READY port=(\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stdoutSoFar: out, stderr: () => stderr });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`shim exited early (code ${code}); stderr:\n${stderr}`));
    });
  });
}

function waitExit(child, ms = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("child did not exit in time")), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal });
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// base58 (for building a transaction by hand, without any Solana library)
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function b58encode(bytes) {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = "";
  while (n > 0n) {
    s = ALPHABET[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = "1" + s;
  }
  return s;
}
function b58decode(s) {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  const bytes = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== "1") break;
    bytes.unshift(0);
  }
  return Buffer.from(bytes);
}

describe("solana shim", () => {
  let shim;
  let url;
  let nextId = 1;

  async function raw(body) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }
  async function call(method, params) {
    const req = { jsonrpc: "2.0", id: nextId++, method };
    if (params !== undefined) req.params = params;
    const r = await raw(req);
    assert.equal(r.status, 200, `HTTP ${r.status} for ${method}: ${r.text}`);
    const j = JSON.parse(r.text);
    assert.equal(j.jsonrpc, "2.0");
    assert.equal(j.id, req.id);
    return j;
  }
  async function ok(method, params) {
    const j = await call(method, params);
    assert.ok(!j.error, `${method} failed: ${JSON.stringify(j.error)}`);
    return j.result;
  }
  async function err(method, params) {
    const j = await call(method, params);
    assert.ok(j.error, `${method} unexpectedly succeeded: ${JSON.stringify(j.result)}`);
    return j.error;
  }

  before(async () => {
    shim = await startShim();
    url = `http://127.0.0.1:${shim.port}/`;
  });

  after(async () => {
    shim.child.stdin.end();
    await waitExit(shim.child);
  });

  test("prints exactly one ready line and answers basic node queries", async () => {
    assert.match(shim.stdoutSoFar, /^SHIM_READY port=\d+\n$/);
    assert.equal(await ok("getHealth"), "ok");
    const v = await ok("getVersion");
    assert.equal(typeof v["solana-core"], "string");
    assert.equal(typeof v["feature-set"], "number");
    assert.equal(typeof (await ok("getGenesisHash")), "string");
    const slot = await ok("getSlot", [{ commitment: "finalized" }]);
    assert.ok(Number.isInteger(slot));
    assert.ok(Number.isInteger(await ok("getBlockHeight")));
    const bh = await ok("getLatestBlockhash", [{ commitment: "finalized" }]);
    assert.equal(bh.context.slot, slot);
    assert.equal(typeof bh.value.blockhash, "string");
    assert.ok(bh.value.lastValidBlockHeight > 0);
    const t = await ok("getBlockTime", [slot]);
    assert.ok(Math.abs(t - Date.now() / 1000) < 120);
  });

  describe("SPL token lifecycle", () => {
    const DEC = 6;
    const MINT1 = 12345678901234567890n; // > 2^53, < u64 max
    const XFER = 9007199254740993n; // 2^53 + 1: not representable as a double
    const BURN = 1n;
    const MINT2 = 5000000000000000001n;
    let mint, a, b, ownerA, ownerB;
    const sigs = {};
    const slots = [];

    const supply = async () => (await ok("getTokenSupply", [mint, { commitment: "finalized" }])).value;
    const balance = async (acct) => (await ok("getTokenAccountBalance", [acct])).value;
    const uiString = (raw) => {
      const s = raw.toString().padStart(DEC + 1, "0");
      const frac = s.slice(-DEC).replace(/0+$/, "");
      return s.slice(0, -DEC) + (frac ? "." + frac : "");
    };

    test("createMint / createTokenAccount", async () => {
      const m = await ok("devnet_createMint", [{ decimals: DEC }]);
      mint = m.mint;
      sigs.createMint = m.signature;
      slots.push(m.slot);
      const s = await supply();
      assert.deepEqual(s, { amount: "0", decimals: DEC, uiAmount: 0, uiAmountString: "0" });

      const ra = await ok("devnet_createTokenAccount", [{ mint }]);
      const rb = await ok("devnet_createTokenAccount", { mint }); // params as a bare object works too
      a = ra.account;
      b = rb.account;
      ownerA = ra.owner;
      ownerB = rb.owner;
      sigs.createA = ra.signature;
      sigs.createB = rb.signature;
      slots.push(ra.slot, rb.slot);
      assert.notEqual(a, b);
      assert.notEqual(ownerA, ownerB);
      assert.deepEqual(await balance(a), { amount: "0", decimals: DEC, uiAmount: 0, uiAmountString: "0" });
    });

    test("mintTo / transfer / burn change supply and balances exactly (BigInt)", async () => {
      let r = await ok("devnet_mintTo", [{ mint, account: a, amount: MINT1.toString() }]);
      sigs.mintTo = r.signature;
      slots.push(r.slot);
      assert.equal((await supply()).amount, MINT1.toString());
      assert.equal((await supply()).uiAmountString, uiString(MINT1));
      assert.equal((await balance(a)).amount, MINT1.toString());

      r = await ok("devnet_transfer", [{ from: a, to: b, amount: XFER.toString() }]);
      sigs.transfer = r.signature;
      slots.push(r.slot);
      assert.equal((await balance(a)).amount, (MINT1 - XFER).toString());
      assert.equal((await balance(b)).amount, XFER.toString());
      assert.equal((await balance(b)).uiAmountString, uiString(XFER));
      assert.equal((await supply()).amount, MINT1.toString(), "a transfer does not change supply");

      r = await ok("devnet_burn", [{ account: b, amount: BURN.toString() }]);
      sigs.burn = r.signature;
      slots.push(r.slot);
      assert.equal((await balance(b)).amount, (XFER - BURN).toString());
      assert.equal((await supply()).amount, (MINT1 - BURN).toString());

      r = await ok("devnet_mintTo", [{ mint, account: b, amount: MINT2.toString(), memo: "reserve top-up" }]);
      sigs.mintTo2 = r.signature;
      slots.push(r.slot);
      const expectedSupply = MINT1 - BURN + MINT2;
      assert.equal((await supply()).amount, expectedSupply.toString());
      assert.equal((await balance(a)).amount, (MINT1 - XFER).toString());
      assert.equal((await balance(b)).amount, (XFER - BURN + MINT2).toString());
      // sum of balances equals supply
      const sum = BigInt((await balance(a)).amount) + BigInt((await balance(b)).amount);
      assert.equal(sum, expectedSupply);
    });

    test("program errors come back as JSON-RPC errors and change nothing", async () => {
      const before = { supply: (await supply()).amount, a: (await balance(a)).amount, slot: await ok("getSlot") };

      let e = await err("devnet_burn", [{ account: a, amount: (MINT1 - XFER + 1n).toString() }]);
      assert.equal(e.code, -32002);
      assert.match(e.message, /insufficient funds/);
      assert.deepEqual(e.data.err, { InstructionError: [0, { Custom: 1 }] });
      assert.ok(Array.isArray(e.data.logs));

      // u64 overflow of the supply, caught by the token program
      e = await err("devnet_mintTo", [{ mint, account: a, amount: "18446744073709551615" }]);
      assert.equal(e.code, -32002);
      assert.match(e.message, /overflow/i);

      e = await err("devnet_transfer", [{ from: a, to: b, amount: "18446744073709551616" }]); // > u64
      assert.equal(e.code, -32602);
      e = await err("devnet_mintTo", [{ mint, account: a, amount: 12.5 }]);
      assert.equal(e.code, -32602);

      // unknown token account
      e = await err("devnet_burn", [{ account: "11111111111111111111111111111112", amount: "1" }]);
      assert.equal(e.code, -32602);
      assert.match(e.message, /unknown token account/);

      assert.equal((await supply()).amount, before.supply);
      assert.equal((await balance(a)).amount, before.a);
      assert.equal(await ok("getSlot"), before.slot, "rejected transactions do not land");
    });

    test("every transaction lands in a new, increasing slot with increasing blockTime", async () => {
      for (let i = 1; i < slots.length; i++) assert.ok(slots[i] > slots[i - 1], `slots ${slots}`);
      let prevTime = 0;
      for (const s of slots) {
        const t = await ok("getBlockTime", [s]);
        assert.ok(t > prevTime, "blockTime strictly increases from block to block");
        prevTime = t;
      }
      assert.equal(await ok("getSlot"), slots.at(-1));
    });

    test("getSignaturesForAddress on the mint: newest first, with paging", async () => {
      const list = await ok("getSignaturesForAddress", [mint]);
      // the plain Transfer instruction does not reference the mint account
      const expected = [sigs.mintTo2, sigs.burn, sigs.mintTo, sigs.createB, sigs.createA, sigs.createMint];
      assert.deepEqual(
        list.map((x) => x.signature),
        expected,
      );
      for (let i = 0; i < list.length; i++) {
        const x = list[i];
        assert.equal(x.confirmationStatus, "finalized");
        assert.equal(x.err, null);
        assert.ok(Number.isInteger(x.slot) && Number.isInteger(x.blockTime));
        if (i > 0) assert.ok(x.slot < list[i - 1].slot);
      }
      assert.equal(list[0].memo, "[14] reserve top-up");
      assert.equal(list[1].memo, null);

      const page1 = await ok("getSignaturesForAddress", [mint, { limit: 2 }]);
      assert.deepEqual(page1.map((x) => x.signature), expected.slice(0, 2));
      const page2 = await ok("getSignaturesForAddress", [mint, { limit: 2, before: page1.at(-1).signature }]);
      assert.deepEqual(page2.map((x) => x.signature), expected.slice(2, 4));
      const untilList = await ok("getSignaturesForAddress", [mint, { until: sigs.mintTo }]);
      assert.deepEqual(untilList.map((x) => x.signature), [sigs.mintTo2, sigs.burn]);
      const between = await ok("getSignaturesForAddress", [mint, { before: sigs.mintTo2, until: sigs.createA }]);
      assert.deepEqual(between.map((x) => x.signature), [sigs.burn, sigs.mintTo, sigs.createB]);

      const bad = await err("getSignaturesForAddress", [mint, { limit: 1001 }]);
      assert.equal(bad.code, -32602);
    });

    test("getSignaturesForAddress on a token account", async () => {
      const list = await ok("getSignaturesForAddress", [b, { commitment: "finalized" }]);
      assert.deepEqual(
        list.map((x) => x.signature),
        [sigs.mintTo2, sigs.burn, sigs.transfer, sigs.createB],
      );
      const ownerList = await ok("getSignaturesForAddress", [ownerA]);
      // InitializeAccount3 carries the owner in instruction data, not as an account key,
      // so the owner's history only has the transfer it signed.
      assert.deepEqual(ownerList.map((x) => x.signature), [sigs.transfer]);
    });

    const tokenBal = (tx, which, acct) => {
      const keys = tx.transaction.message.accountKeys.map((k) => (typeof k === "string" ? k : k.pubkey));
      const list = tx.meta[which];
      const e = list.find((x) => keys[x.accountIndex] === acct);
      return e;
    };

    test("getTransaction of a mintTo shows pre/post token balances", async () => {
      const tx = await ok("getTransaction", [sigs.mintTo, { encoding: "json", maxSupportedTransactionVersion: 0 }]);
      assert.equal(tx.slot, slots[3]);
      assert.equal(tx.version, "legacy");
      assert.equal(tx.meta.err, null);
      assert.ok(tx.meta.fee > 0);
      assert.equal(tx.meta.preBalances.length, tx.transaction.message.accountKeys.length);
      assert.equal(tx.meta.postBalances.length, tx.transaction.message.accountKeys.length);
      assert.ok(tx.meta.logMessages.some((l) => l.includes("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")));
      assert.equal(tx.transaction.signatures[0], sigs.mintTo);
      const pre = tokenBal(tx, "preTokenBalances", a);
      const post = tokenBal(tx, "postTokenBalances", a);
      assert.deepEqual(pre, {
        accountIndex: pre.accountIndex,
        mint,
        owner: ownerA,
        programId: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        uiTokenAmount: { amount: "0", decimals: DEC, uiAmount: null, uiAmountString: "0" },
      });
      assert.equal(post.uiTokenAmount.amount, MINT1.toString());
      assert.equal(post.uiTokenAmount.uiAmountString, uiString(MINT1));
      assert.equal(post.owner, ownerA);
      assert.equal(post.mint, mint);
      assert.equal(tx.blockTime, await ok("getBlockTime", [tx.slot]));
    });

    test("getTransaction of a transfer (jsonParsed) shows both sides", async () => {
      const tx = await ok("getTransaction", [sigs.transfer, { encoding: "jsonParsed", maxSupportedTransactionVersion: 0 }]);
      assert.equal(tokenBal(tx, "preTokenBalances", a).uiTokenAmount.amount, MINT1.toString());
      assert.equal(tokenBal(tx, "postTokenBalances", a).uiTokenAmount.amount, (MINT1 - XFER).toString());
      assert.equal(tokenBal(tx, "preTokenBalances", b).uiTokenAmount.amount, "0");
      assert.equal(tokenBal(tx, "postTokenBalances", b).uiTokenAmount.amount, XFER.toString());
      const ix = tx.transaction.message.instructions[0];
      assert.equal(ix.program, "spl-token");
      assert.equal(ix.parsed.type, "transfer");
      assert.deepEqual(ix.parsed.info, { source: a, destination: b, authority: ownerA, amount: XFER.toString() });
      const payer = tx.transaction.message.accountKeys[0];
      assert.equal(payer.signer, true);
      assert.equal(payer.writable, true);
    });

    test("getTransaction of a burn shows the decrease", async () => {
      const tx = await ok("getTransaction", [sigs.burn, { encoding: "json", maxSupportedTransactionVersion: 0 }]);
      assert.equal(tokenBal(tx, "preTokenBalances", b).uiTokenAmount.amount, XFER.toString());
      assert.equal(tokenBal(tx, "postTokenBalances", b).uiTokenAmount.amount, (XFER - BURN).toString());
      const parsed = await ok("getTransaction", [sigs.burn, "jsonParsed"]);
      assert.equal(parsed.transaction.message.instructions[0].parsed.type, "burn");
      assert.equal(parsed.version, undefined, "version only with maxSupportedTransactionVersion");
      assert.equal(await ok("getTransaction", [b58encode(crypto.randomBytes(64))]), null);
      const base64 = await ok("getTransaction", [sigs.burn, { encoding: "base64" }]);
      assert.equal(base64.transaction[1], "base64");
    });

    test("getAccountInfo base64 and jsonParsed", async () => {
      const m = await ok("getAccountInfo", [mint, { encoding: "jsonParsed" }]);
      assert.equal(m.value.owner, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
      assert.equal(m.value.data.program, "spl-token");
      assert.equal(m.value.data.space, 82);
      assert.equal(m.value.data.parsed.type, "mint");
      assert.equal(m.value.data.parsed.info.supply, (await supply()).amount);
      assert.equal(m.value.data.parsed.info.decimals, DEC);
      assert.equal(m.value.data.parsed.info.isInitialized, true);
      const acc = await ok("getAccountInfo", [b, { encoding: "jsonParsed", commitment: "finalized" }]);
      assert.equal(acc.value.data.parsed.type, "account");
      assert.equal(acc.value.data.parsed.info.mint, mint);
      assert.equal(acc.value.data.parsed.info.owner, ownerB);
      assert.equal(acc.value.data.parsed.info.state, "initialized");
      assert.deepEqual(acc.value.data.parsed.info.tokenAmount, (await balance(b)));
      const raw = await ok("getAccountInfo", [b, { encoding: "base64" }]);
      assert.equal(raw.value.data[1], "base64");
      const bytes = Buffer.from(raw.value.data[0], "base64");
      assert.equal(bytes.length, 165);
      assert.equal(b58encode(bytes.subarray(0, 32)), mint);
      assert.equal(bytes.readBigUInt64LE(64).toString(), (await balance(b)).amount);
      assert.equal(raw.value.space, 165);
      assert.ok(raw.value.lamports > 0);
      assert.equal(raw.value.executable, false);
      assert.equal((await ok("getAccountInfo", ["11111111111111111111111111111112", { encoding: "base64" }])).value, null);
      const owned = await ok("getTokenAccountsByOwner", [ownerB, { mint }, { encoding: "jsonParsed" }]);
      assert.deepEqual(owned.value.map((x) => x.pubkey), [b]);
    });

    test("getBlock and skipped slots", async () => {
      const blk = await ok("getBlock", [slots[3], { maxSupportedTransactionVersion: 0 }]);
      assert.equal(blk.transactions.length, 1);
      assert.equal(blk.transactions[0].transaction.signatures[0], sigs.mintTo);
      assert.equal(blk.parentSlot, slots[2]);

      const tip = await ok("getSlot");
      const r = await ok("devnet_advanceSlots", [{ n: 4 }]);
      assert.equal(r.slot, tip + 4);
      assert.equal(await ok("getSlot"), tip + 4);
      for (const s of [tip + 1, tip + 2, tip + 3]) {
        const e = await err("getBlockTime", [s]);
        assert.equal(e.code, -32009);
        assert.equal(e.message, `Slot ${s} was skipped, or missing in long-term storage`);
      }
      assert.ok((await ok("getBlockTime", [tip + 4])) > (await ok("getBlockTime", [tip])));
      const future = await err("getBlockTime", [tip + 1000]);
      assert.equal(future.code, -32004);
      const blocks = await ok("getBlocks", [tip]);
      assert.deepEqual(blocks, [tip, tip + 4]);
    });
  });

  test("devnet_createMint with a seed gives the same address on every shim, once per shim", async () => {
    const seeded = await ok("devnet_createMint", [{ decimals: 8, seed: "assay-test" }]);
    const info = await ok("getAccountInfo", [seeded.mint, { encoding: "jsonParsed" }]);
    assert.equal(info.value.data.parsed.type, "mint");
    assert.equal(info.value.data.parsed.info.decimals, 8);
    assert.equal(info.value.data.parsed.info.supply, "0");
    const again = await err("devnet_createMint", [{ decimals: 8, seed: "assay-test" }]);
    assert.equal(again.code, -32602);
    assert.match(again.message, /already exists/);
    const other = await ok("devnet_createMint", [{ decimals: 8, seed: "assay-test-2" }]);
    assert.notEqual(other.mint, seeded.mint);
    assert.equal((await err("devnet_createMint", [{ seed: 7 }])).code, -32602);
    // a second shim derives the same address from the same seed
    const second = await startShim();
    try {
      const res = await fetch(`http://127.0.0.1:${second.port}/`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "devnet_createMint", params: [{ decimals: 8, seed: "assay-test" }] }),
      });
      assert.equal((await res.json()).result.mint, seeded.mint);
    } finally {
      second.child.stdin.end();
      await waitExit(second.child);
    }
  });

  test("devnet_closeAccount closes an empty token account and refuses one with a balance", async () => {
    const m = await ok("devnet_createMint", [{ decimals: 0 }]);
    const acc = (await ok("devnet_createTokenAccount", [{ mint: m.mint }])).account;
    await ok("devnet_mintTo", [{ account: acc, amount: "5" }]);
    const refused = await err("devnet_closeAccount", [{ account: acc }]);
    assert.equal(refused.code, -32002);
    assert.match(refused.message, /Non-native account can only be closed if its balance is zero/);
    await ok("devnet_burn", [{ account: acc, amount: "5" }]);
    const closed = await ok("devnet_closeAccount", [{ account: acc }]);
    assert.equal((await ok("getAccountInfo", [acc, { encoding: "jsonParsed" }])).value, null);
    const tx = await ok("getTransaction", [closed.signature, { encoding: "json" }]);
    assert.equal(tx.meta.preTokenBalances.length, 1);
    assert.equal(tx.meta.postTokenBalances.length, 0, "a closed account has no post balance");
    assert.equal((await err("getTokenAccountBalance", [acc])).code, -32602);
  });

  test("sendTransaction of a hand-built, ed25519-signed system transfer", async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
    const from = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    const to = crypto.randomBytes(32);
    const airdropSig = await ok("requestAirdrop", [b58encode(from), 1_000_000_000]);
    assert.equal(typeof airdropSig, "string");
    assert.equal((await ok("getBalance", [b58encode(from)])).value, 1_000_000_000);

    const { value } = await ok("getLatestBlockhash");
    const data = Buffer.alloc(12);
    data.writeUInt32LE(2, 0); // SystemInstruction::Transfer
    data.writeBigUInt64LE(5_000_000n, 4);
    const message = Buffer.concat([
      Buffer.from([1, 0, 1]), // header
      Buffer.from([3]), from, to, Buffer.alloc(32), // account keys (system program = 32 zero bytes)
      b58decode(value.blockhash),
      Buffer.from([1, 2, 2, 0, 1, data.length]), data, // one instruction
    ]);
    const sig = crypto.sign(null, message, privateKey);
    const wire = Buffer.concat([Buffer.from([1]), sig, message]);
    const signature = await ok("sendTransaction", [wire.toString("base64"), { encoding: "base64" }]);
    assert.equal(signature, b58encode(sig));
    assert.equal((await ok("getBalance", [b58encode(to)])).value, 5_000_000);
    const st = await ok("getSignatureStatuses", [[signature]]);
    assert.equal(st.value[0].confirmationStatus, "finalized");
    const tx = await ok("getTransaction", [signature, { encoding: "jsonParsed" }]);
    assert.deepEqual(tx.transaction.message.instructions[0].parsed, {
      info: { source: b58encode(from), destination: b58encode(to), lamports: 5_000_000 },
      type: "transfer",
    });
    assert.equal(tx.meta.fee, 5000);
    assert.equal(tx.meta.preBalances[0] - tx.meta.postBalances[0], 5_000_000 + 5000);
    // replaying it is rejected
    const again = await err("sendTransaction", [wire.toString("base64"), { encoding: "base64" }]);
    assert.equal(again.code, -32002);
    // a corrupted signature is rejected
    const bad = Buffer.from(wire);
    bad[5] ^= 0xff;
    const badErr = await err("sendTransaction", [bad.toString("base64"), { encoding: "base64" }]);
    assert.equal(badErr.code, -32003);
  });

  describe("JSON-RPC protocol errors", () => {
    test("unknown method gives -32601", async () => {
      const e = await err("getNoSuchThing", []);
      assert.equal(e.code, -32601);
      assert.equal(e.message, "Method not found");
    });
    test("malformed JSON gives -32700", async () => {
      const r = await raw('{"jsonrpc":"2.0","id":1,"method":"getSlot"');
      assert.equal(r.status, 200);
      const j = JSON.parse(r.text);
      assert.equal(j.error.code, -32700);
      assert.equal(j.id, null);
      const r2 = await raw("\u0000\u00ff not json at all");
      assert.equal(JSON.parse(r2.text).error.code, -32700);
    });
    test("invalid requests give -32600, invalid params -32602", async () => {
      assert.equal(JSON.parse((await raw("[]")).text).error.code, -32600);
      assert.equal(JSON.parse((await raw("42")).text).error.code, -32600);
      assert.equal(JSON.parse((await raw({ id: 3, method: "getSlot" })).text).error.code, -32600);
      assert.equal((await err("getTokenSupply", ["not-a-pubkey!"])).code, -32602);
      assert.equal((await err("getTokenSupply", ["11111111111111111111111111111112"])).code, -32602);
      assert.equal((await err("getBlockTime", ["soon"])).code, -32602);
      assert.equal((await err("getSlot", [{ commitment: "bogus" }])).code, -32602);
      assert.equal((await err("devnet_createMint", [{ decimals: -1 }])).code, -32602);
    });
    test("batches answer each call, in order", async () => {
      const r = await raw([
        { jsonrpc: "2.0", id: "a", method: "getHealth" },
        { jsonrpc: "2.0", id: "b", method: "nope" },
        { jsonrpc: "2.0", method: "getHealth" }, // notification: no answer
        7,
        { jsonrpc: "2.0", id: "c", method: "getSlot" },
      ]);
      const j = JSON.parse(r.text);
      assert.equal(j.length, 4);
      assert.deepEqual(j[0], { jsonrpc: "2.0", result: "ok", id: "a" });
      assert.equal(j[1].error.code, -32601);
      assert.equal(j[2].error.code, -32600);
      assert.equal(j[3].id, "c");
      assert.ok(Number.isInteger(j[3].result));
    });
    test("GET is refused, /health answers", async () => {
      assert.equal((await fetch(url)).status, 405);
      const h = await fetch(url + "health");
      assert.equal(await h.text(), "ok");
    });
  });

  describe("fault injection", () => {
    const body = (method) => ({ jsonrpc: "2.0", id: 1, method });

    test("rateLimit: HTTP 429 with Retry-After, for `count` calls", async () => {
      await ok("devnet_setFault", [{ method: "getSlot", kind: "rateLimit", count: 2 }]);
      for (let i = 0; i < 2; i++) {
        const r = await raw(body("getSlot"));
        assert.equal(r.status, 429);
        assert.equal(r.headers.get("retry-after"), "1");
      }
      assert.equal((await raw(body("getHealth"))).status, 200, "other methods unaffected");
      assert.ok(Number.isInteger(await ok("getSlot")));
    });
    test("http500", async () => {
      await ok("devnet_setFault", [{ method: "getTokenSupply", kind: "http500", count: 1 }]);
      const r = await raw({ jsonrpc: "2.0", id: 1, method: "getTokenSupply", params: ["11111111111111111111111111111112"] });
      assert.equal(r.status, 500);
      assert.equal((await err("getTokenSupply", ["11111111111111111111111111111112"])).code, -32602);
    });
    test("malformed: a truncated JSON body", async () => {
      await ok("devnet_setFault", [{ method: "*", kind: "malformed", count: 1 }]);
      const r = await raw(body("getHealth"));
      assert.equal(r.status, 200);
      assert.throws(() => JSON.parse(r.text), SyntaxError);
      assert.equal(await ok("getHealth"), "ok");
    });
    test("rpcError: -32005 Node is behind", async () => {
      await ok("devnet_setFault", [{ method: "getBlockHeight", kind: "rpcError", count: 1 }]);
      const e = await err("getBlockHeight");
      assert.equal(e.code, -32005);
      assert.match(e.message, /^Node is behind/);
      assert.ok(Number.isInteger(await ok("getBlockHeight")));
    });
    test("devnet_* methods are never faulted; clearFaults removes pending faults", async () => {
      await ok("devnet_setFault", [{ method: "*", kind: "http500", count: 100 }]);
      assert.ok((await ok("devnet_advanceSlots", [{ n: 1 }])).slot > 0);
      assert.equal((await raw(body("getHealth"))).status, 500);
      assert.deepEqual(await ok("devnet_clearFaults"), { cleared: 1 });
      assert.equal(await ok("getHealth"), "ok");
      assert.equal((await err("devnet_setFault", [{ method: "getSlot", kind: "explode" }])).code, -32602);
    });
  });

  test("exits on stdin EOF", async () => {
    const s = await startShim();
    const r1 = await fetch(`http://127.0.0.1:${s.port}/`, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getHealth" }),
    });
    assert.equal((await r1.json()).result, "ok");
    s.child.stdin.end();
    const { code } = await waitExit(s.child);
    assert.equal(code, 0);
    assert.equal(isAlive(s.child.pid), false);
  });

  test("exits cleanly on SIGTERM", async () => {
    const s = await startShim();
    s.child.kill("SIGTERM");
    const { code, signal } = await waitExit(s.child);
    assert.equal(code, 0);
    assert.equal(signal, null);
  });
});

after(async () => {
  // no shim process may outlive the tests
  for (const c of spawned) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGKILL");
      await waitExit(c).catch(() => {});
      assert.fail(`shim pid ${c.pid} was still running after the tests`);
    }
    assert.equal(isAlive(c.pid), false);
  }
});
