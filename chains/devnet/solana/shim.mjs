#!/usr/bin/env node
// Assay devnet: a small Solana JSON-RPC server backed by litesvm.
//
// litesvm runs the real SPL Token program in-process; this file puts a
// JSON-RPC 2.0 / HTTP front on it whose answers have the shapes of the real
// Solana RPC API (https://solana.com/docs/rpc), plus a few `devnet_*` admin
// methods that build, sign and send real SPL Token instructions.
//
// Chain model (see README.md):
//   * Every transaction that lands gets its own block in a new slot; the
//     litesvm Clock sysvar is moved to that slot and its unix timestamp before
//     the transaction runs. Slots with no block are "skipped", as on Solana.
//   * There is a single node and no forks, so every block is final the moment
//     it is produced: "processed", "confirmed" and "finalized" all answer the
//     same tip, and confirmationStatus is always "finalized".
//   * blockTime is wall-clock unix seconds, but strictly increasing from block
//     to block (max(now, previous + 1)), so it can run ahead of the wall clock
//     when many blocks are produced within a second.
//
// Usage: node shim.mjs [--port <p>] [--ignore-stdin] [--verbose]
//   Prints exactly one line to stdout when ready: "SHIM_READY port=<port>".
//   Exits on SIGTERM/SIGINT and when stdin reaches EOF (unless --ignore-stdin).

import http from "node:http";
import crypto from "node:crypto";
import { LiteSVM, FailedTransactionMetadata } from "litesvm";
import {
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  VersionedTransaction,
} from "@solana/web3.js";
import {
  TOKEN_PROGRAM_ID,
  MINT_SIZE,
  ACCOUNT_SIZE,
  createInitializeMint2Instruction,
  createInitializeAccount3Instruction,
  createMintToInstruction,
  createBurnInstruction,
  createTransferInstruction,
  createCloseAccountInstruction,
} from "@solana/spl-token";

// ---------------------------------------------------------------------------
// constants

const SOLANA_CORE_VERSION = "2.2.0"; // what getVersion reports (no real validator here)
const FEATURE_SET = 3294202862;
const U64_MAX = 18446744073709551615n;
const RENT_EPOCH_EXEMPT = U64_MAX; // what real nodes report for rent-exempt accounts
const MAX_PROCESSING_AGE = 150; // blocks a blockhash stays valid for
const LAMPORTS_PER_SIGNATURE = 5000n;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const SYSTEM_PROGRAM = "11111111111111111111111111111111";
const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
const ATA_PROGRAM = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";
const MEMO_PROGRAMS = new Set([
  "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
  "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo",
]);
const MEMO_V2 = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";
const TOKEN_PROGRAMS = new Map([
  [TOKEN_PROGRAM, "spl-token"],
  [TOKEN_2022_PROGRAM, "spl-token-2022"],
]);
const ALT_PROGRAM = "AddressLookupTab1e1111111111111111111111111";

// Names of litesvm's numeric error enums, in declaration order (they are
// `const enum`s in litesvm's typings and not available at runtime).
const TX_ERR_NAMES = [
  "AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound",
  "InsufficientFundsForFee", "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound",
  "CallChainTooDeep", "MissingSignatureForFee", "InvalidAccountIndex", "SignatureFailure",
  "InvalidProgramForExecution", "SanitizeFailure", "ClusterMaintenance", "AccountBorrowOutstanding",
  "WouldExceedMaxBlockCostLimit", "UnsupportedVersion", "InvalidWritableAccount",
  "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit", "TooManyAccountLocks",
  "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner", "InvalidAddressLookupTableData",
  "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount", "WouldExceedMaxVoteCostLimit",
  "WouldExceedAccountDataTotalLimit", "MaxLoadedAccountsDataSizeExceeded", "ResanitizationNeeded",
  "InvalidLoadedAccountsDataSizeLimit", "UnbalancedTransaction", "ProgramCacheHitMaxLimit",
  "CommitCancelled",
];
const IX_ERR_NAMES = [
  "GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData",
  "AccountDataTooSmall", "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature",
  "AccountAlreadyInitialized", "UninitializedAccount", "UnbalancedInstruction", "ModifiedProgramId",
  "ExternalAccountLamportSpend", "ExternalAccountDataModified", "ReadonlyLamportChange",
  "ReadonlyDataModified", "DuplicateAccountIndex", "ExecutableModified", "RentEpochModified",
  "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable", "AccountBorrowFailed",
  "AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "InvalidError", "ExecutableDataModified",
  "ExecutableLamportChange", "ExecutableAccountNotRentExempt", "UnsupportedProgramId", "CallDepth",
  "MissingAccount", "ReentrancyNotAllowed", "MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc",
  "ComputationalBudgetExceeded", "PrivilegeEscalation", "ProgramEnvironmentSetupFailure",
  "ProgramFailedToComplete", "ProgramFailedToCompile", "Immutable", "IncorrectAuthority",
  "AccountNotRentExempt", "InvalidAccountOwner", "ArithmeticOverflow", "UnsupportedSysvar",
  "IllegalOwner", "MaxAccountsDataAllocationsExceeded", "MaxAccountsExceeded",
  "MaxInstructionTraceLengthExceeded", "BuiltinProgramsMustConsumeComputeUnits", "BorshIoError",
];
// Display strings of the real error types (solana-sdk), for error messages.
const IX_ERR_DISPLAY = {
  GenericError: "generic instruction error",
  InvalidArgument: "invalid program argument",
  InvalidInstructionData: "invalid instruction data",
  InvalidAccountData: "invalid account data for instruction",
  AccountDataTooSmall: "account data too small for instruction",
  InsufficientFunds: "insufficient funds for instruction",
  IncorrectProgramId: "incorrect program id for instruction",
  MissingRequiredSignature: "missing required signature for instruction",
  AccountAlreadyInitialized: "instruction requires an uninitialized account",
  UninitializedAccount: "instruction requires an initialized account",
  NotEnoughAccountKeys: "insufficient account keys for instruction",
  UnsupportedProgramId: "Unsupported program id",
  MissingAccount: "An account required by the instruction is missing",
  ComputationalBudgetExceeded: "Computational budget exceeded",
  PrivilegeEscalation: "Cross-program invocation with unauthorized signer or writable account",
  ProgramFailedToComplete: "Program failed to complete",
  InvalidAccountOwner: "Invalid account owner",
  ArithmeticOverflow: "Program arithmetic overflowed",
  IllegalOwner: "Provided owner is not allowed",
};
const TX_ERR_DISPLAY = {
  AccountInUse: "Account in use",
  AccountLoadedTwice: "Account loaded twice",
  AccountNotFound: "Attempt to debit an account but found no record of a prior credit.",
  ProgramAccountNotFound: "Attempt to load a program that does not exist",
  InsufficientFundsForFee: "Insufficient funds for fee",
  InvalidAccountForFee: "This account may not be used to pay transaction fees",
  AlreadyProcessed: "This transaction has already been processed",
  BlockhashNotFound: "Blockhash not found",
  SignatureFailure: "Transaction did not pass signature verification",
  SanitizeFailure: "Transaction failed to sanitize accounts offsets correctly",
  AddressLookupTableNotFound: "Transaction loads an address table account that doesn't exist",
};

// ---------------------------------------------------------------------------
// small helpers

class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}
const invalidParams = (msg) => new RpcError(-32602, msg);

const B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const B58_MAP = new Map([...B58_ALPHABET].map((c, i) => [c, i]));

function b58encode(bytes) {
  const digits = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j] << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = "";
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += "1";
  for (let i = digits.length - 1; i >= 0; i--) out += B58_ALPHABET[digits[i]];
  return out;
}

function b58decode(str) {
  if (typeof str !== "string") return null;
  const bytes = [];
  for (const ch of str) {
    let carry = B58_MAP.get(ch);
    if (carry === undefined) return null;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < str.length && str[i] === "1"; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

const b64 = (bytes) => Buffer.from(bytes).toString("base64");

// JSON with BigInt support: bigints are written as plain JSON numbers
// (exact, e.g. u64 lamports or rentEpoch = 18446744073709551615).
function toJson(v) {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "bigint":
      return v.toString();
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "null";
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      if (Array.isArray(v)) return "[" + v.map(toJson).join(",") + "]";
      const parts = [];
      for (const [k, val] of Object.entries(v)) {
        if (val === undefined) continue;
        parts.push(JSON.stringify(k) + ":" + toJson(val));
      }
      return "{" + parts.join(",") + "}";
    }
    default:
      return "null";
  }
}

function isPubkey(s) {
  const b = b58decode(s);
  return b !== null && b.length === 32;
}
// Error texts as real nodes give them: "Invalid param: Invalid" (not base58)
// or "Invalid param: WrongSize" (wrong length).
function requirePubkey(s) {
  const b = typeof s === "string" && s.length <= 44 ? b58decode(s) : null;
  if (b === null) throw invalidParams("Invalid param: Invalid");
  if (b.length !== 32) throw invalidParams("Invalid param: WrongSize");
  return s;
}
function requireSignature(s) {
  const b = typeof s === "string" && s.length <= 88 ? b58decode(s) : null;
  if (b === null) throw invalidParams("Invalid param: Invalid");
  if (b.length !== 64) throw invalidParams("Invalid param: WrongSize");
  return s;
}

function readU64(buf, off) {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).readBigUInt64LE(off);
}
function readU32(buf, off) {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).readUInt32LE(off);
}
function readPubkey(buf, off) {
  return b58encode(buf.subarray(off, off + 32));
}
function readOptionPubkey(buf, off) {
  return readU32(buf, off) === 1 ? readPubkey(buf, off + 4) : null;
}

// uiAmountString as the real node prints it (real_number_string_trimmed)
function uiAmountString(amount, decimals) {
  let s = amount.toString();
  if (decimals === 0) return s;
  s = s.padStart(decimals + 1, "0");
  const int = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, "");
  return frac.length ? `${int}.${frac}` : int;
}
function uiTokenAmount(amount, decimals) {
  return {
    amount: amount.toString(),
    decimals,
    uiAmount: Number(amount) / Math.pow(10, decimals),
    uiAmountString: uiAmountString(amount, decimals),
  };
}
// Token balances in transaction metadata come out of the ledger store, where
// a zero uiAmount is turned into null (as on real nodes).
function txUiTokenAmount(amount, decimals) {
  const u = uiTokenAmount(amount, decimals);
  if (amount === 0n) u.uiAmount = null;
  return u;
}

// Parse a u64 raw-unit amount given as decimal string (or safe integer).
function parseAmount(v, what = "amount") {
  let a;
  if (typeof v === "string" && /^[0-9]+$/.test(v)) a = BigInt(v);
  else if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) a = BigInt(v);
  else throw invalidParams(`Invalid params: ${what} must be a decimal string of raw units`);
  if (a > U64_MAX) throw invalidParams(`Invalid params: ${what} exceeds u64`);
  return a;
}

function parseNonNegInt(v, what) {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
    throw invalidParams(`Invalid params: ${what} must be a non-negative integer`);
  return v;
}

// ---------------------------------------------------------------------------
// SPL Token account layouts

// Returns {kind:"mint"|"account", ...} or null when not a parsable, initialized
// token-program account.
function parseTokenData(programId, data) {
  if (!TOKEN_PROGRAMS.has(programId)) return null;
  let kind = null;
  if (data.length === MINT_SIZE) kind = "mint";
  else if (data.length === ACCOUNT_SIZE) kind = "account";
  else if (programId === TOKEN_2022_PROGRAM && data.length > ACCOUNT_SIZE) {
    if (data[ACCOUNT_SIZE] === 1) kind = "mint";
    else if (data[ACCOUNT_SIZE] === 2) kind = "account";
  }
  if (kind === "mint") {
    if (data[45] !== 1) return null; // not initialized
    return {
      kind,
      mintAuthority: readOptionPubkey(data, 0),
      supply: readU64(data, 36),
      decimals: data[44],
      freezeAuthority: readOptionPubkey(data, 46),
    };
  }
  if (kind === "account") {
    const state = data[108];
    if (state === 0) return null; // uninitialized
    return {
      kind,
      mint: readPubkey(data, 0),
      owner: readPubkey(data, 32),
      amount: readU64(data, 64),
      delegate: readOptionPubkey(data, 72),
      state: state === 2 ? "frozen" : "initialized",
      isNative: readU32(data, 109) === 1,
      rentExemptReserve: readU32(data, 109) === 1 ? readU64(data, 113) : null,
      delegatedAmount: readU64(data, 121),
      closeAuthority: readOptionPubkey(data, 129),
    };
  }
  return null;
}

// ---------------------------------------------------------------------------
// The chain

class Chain {
  constructor() {
    // new LiteSVM() loads the builtins, sysvars and the default SPL programs
    // (Token, Token-2022, Associated Token Account, Memo) from binaries bundled
    // in litesvm. We do our own recent-blockhash check (over the last 150
    // blocks, like a real node) because litesvm only accepts its single
    // "latest" blockhash.
    this.svm = new LiteSVM().withBlockhashCheck(false).withTransactionHistory(0n);
    this.payer = Keypair.generate(); // fee payer and mint authority of devnet_createMint mints
    this.faucet = Keypair.generate(); // source of requestAirdrop
    // Genesis funding: the only lamports that appear without a recorded transaction.
    // (litesvm's internal airdrop account starts with 1,000,000 SOL.)
    for (const kp of [this.payer, this.faucet]) {
      const r = this.svm.airdrop(kp.publicKey.toBase58(), 400_000n * 1_000_000_000n);
      if (!r || r instanceof FailedTransactionMetadata) throw new Error(`genesis airdrop failed: ${r}`);
    }
    this.keys = new Map([[this.payer.publicKey.toBase58(), this.payer]]); // keypairs we can sign with

    this.blocks = new Map(); // slot -> block
    this.txs = new Map(); // signature -> record
    this.byAddress = new Map(); // address -> [signature] oldest first
    this.recentBlockhashes = new Map(); // blockhash -> blockHeight
    this.txCount = 0n;

    const clock = this.svm.getClock();
    const genesisSlot = Number(clock.slot);
    const genesis = {
      slot: genesisSlot,
      parentSlot: genesisSlot,
      blockHeight: 0,
      blockTime: Math.floor(Date.now() / 1000),
      blockhash: this.svm.latestBlockhash(),
      previousBlockhash: "11111111111111111111111111111111",
      signatures: [],
    };
    this.genesisHash = b58encode(crypto.createHash("sha256").update("assay-devnet-solana").digest());
    this.firstSlot = genesisSlot;
    this.addBlock(genesis);
    this.setClock(genesis.slot, genesis.blockTime);
  }

  get tip() {
    return this.tipBlock;
  }

  addBlock(block) {
    this.blocks.set(block.slot, block);
    this.tipBlock = block;
    this.recentBlockhashes.set(block.blockhash, block.blockHeight);
    for (const [h, height] of this.recentBlockhashes) {
      if (block.blockHeight - height > MAX_PROCESSING_AGE) this.recentBlockhashes.delete(h);
    }
  }

  epochOf(slot) {
    const s = this.svm.getEpochSchedule();
    const b = BigInt(slot);
    if (b >= s.firstNormalSlot) {
      const rel = b - s.firstNormalSlot;
      return {
        epoch: s.firstNormalEpoch + rel / s.slotsPerEpoch,
        slotIndex: rel % s.slotsPerEpoch,
        slotsInEpoch: s.slotsPerEpoch,
      };
    }
    // warmup: epoch lengths 32, 64, 128, ...
    let epoch = 0n, start = 0n, len = 32n;
    while (b >= start + len) {
      start += len;
      len *= 2n;
      epoch++;
    }
    return { epoch, slotIndex: b - start, slotsInEpoch: len };
  }

  setClock(slot, unixTime) {
    const clock = this.svm.getClock();
    clock.slot = BigInt(slot);
    clock.unixTimestamp = BigInt(unixTime);
    clock.epoch = this.epochOf(slot).epoch;
    this.svm.setClock(clock);
  }

  nextBlockTime() {
    return Math.max(Math.floor(Date.now() / 1000), this.tip.blockTime + 1);
  }

  // Produce a block with no transactions `n` slots after the tip; the slots
  // in between are skipped.
  advanceSlots(n) {
    const parent = this.tip;
    const slot = parent.slot + n;
    const blockTime = this.nextBlockTime();
    this.setClock(slot, blockTime);
    this.svm.expireBlockhash();
    this.addBlock({
      slot,
      parentSlot: parent.slot,
      blockHeight: parent.blockHeight + 1,
      blockTime,
      blockhash: this.svm.latestBlockhash(),
      previousBlockhash: parent.blockhash,
      signatures: [],
    });
    return slot;
  }

  account(address) {
    const a = this.svm.getAccount(address);
    return a.exists ? a : null;
  }

  // ---- transactions ------------------------------------------------------

  // Decode wire bytes into everything we need to run and later serve a tx.
  decodeTx(wire) {
    let vtx;
    try {
      vtx = VersionedTransaction.deserialize(wire);
    } catch (e) {
      throw invalidParams(`invalid transaction: failed to deserialize transaction: ${e.message}`);
    }
    const msg = vtx.message;
    const version = msg.version === "legacy" ? "legacy" : msg.version;
    const header = msg.header;
    const staticKeys = msg.staticAccountKeys.map((k) => k.toBase58());
    if (vtx.signatures.length !== header.numRequiredSignatures || staticKeys.length < header.numRequiredSignatures)
      throw invalidParams("invalid transaction: Transaction failed to sanitize accounts offsets correctly");
    const loaded = { writable: [], readonly: [] };
    for (const lookup of msg.addressTableLookups ?? []) {
      const table = this.account(lookup.accountKey.toBase58());
      if (!table || table.programAddress !== ALT_PROGRAM)
        throw new RpcError(-32002, "Transaction simulation failed: " + TX_ERR_DISPLAY.AddressLookupTableNotFound, {
          err: "AddressLookupTableNotFound", logs: [], accounts: null, unitsConsumed: 0,
        });
      const n = Math.floor((table.data.length - 56) / 32);
      const at = (i) => {
        if (i >= n) throw invalidParams("invalid transaction: InvalidAddressLookupTableIndex");
        return readPubkey(table.data, 56 + 32 * i);
      };
      for (const i of lookup.writableIndexes) loaded.writable.push(at(i));
      for (const i of lookup.readonlyIndexes) loaded.readonly.push(at(i));
    }
    const accountKeys = [...staticKeys, ...loaded.writable, ...loaded.readonly];
    const signers = accountKeys.map((_, i) => i < header.numRequiredSignatures);
    const writable = accountKeys.map((_, i) => {
      try {
        return msg.isAccountWritable(i);
      } catch {
        return false;
      }
    });
    const sources = accountKeys.map((_, i) => (i < staticKeys.length ? "transaction" : "lookupTable"));
    const instructions = msg.compiledInstructions.map((ix) => ({
      programIdIndex: ix.programIdIndex,
      accounts: [...ix.accountKeyIndexes],
      data: Uint8Array.from(ix.data),
    }));
    const signatures = vtx.signatures.map((s) => b58encode(s));
    const sigMap = {};
    for (let i = 0; i < header.numRequiredSignatures; i++) sigMap[staticKeys[i]] = vtx.signatures[i];
    return {
      wire: Uint8Array.from(wire),
      litesvmTx: { messageBytes: msg.serialize(), signatures: sigMap },
      version,
      header: { ...header },
      staticKeys,
      loaded,
      accountKeys,
      signers,
      writable,
      sources,
      instructions,
      recentBlockhash: msg.recentBlockhash,
      addressTableLookups: (msg.addressTableLookups ?? []).map((l) => ({
        accountKey: l.accountKey.toBase58(),
        writableIndexes: [...l.writableIndexes],
        readonlyIndexes: [...l.readonlyIndexes],
      })),
      signature: signatures[0],
      signatures,
    };
  }

  snapshot(keys) {
    const balances = [];
    const tokenBalances = [];
    const decimalsCache = new Map();
    keys.forEach((key, i) => {
      const acc = this.account(key);
      balances.push(acc ? acc.lamports : 0n);
      if (!acc) return;
      const parsed = parseTokenData(acc.programAddress, acc.data);
      if (!parsed || parsed.kind !== "account") return;
      let decimals = decimalsCache.get(parsed.mint);
      if (decimals === undefined) {
        const m = this.account(parsed.mint);
        const pm = m && parseTokenData(m.programAddress, m.data);
        decimals = pm && pm.kind === "mint" ? pm.decimals : null;
        decimalsCache.set(parsed.mint, decimals);
      }
      if (decimals === null) return;
      tokenBalances.push({
        accountIndex: i,
        mint: parsed.mint,
        owner: parsed.owner,
        programId: acc.programAddress,
        uiTokenAmount: txUiTokenAmount(parsed.amount, decimals),
      });
    });
    return { balances, tokenBalances };
  }

  checkBlockhash(tx) {
    if (!this.recentBlockhashes.has(tx.recentBlockhash)) {
      throw new RpcError(-32002, "Transaction simulation failed: Blockhash not found", {
        err: "BlockhashNotFound", logs: [], accounts: null, unitsConsumed: 0, returnData: null,
      });
    }
  }

  // Run a simulation at the tip; returns litesvm's result.
  simulate(tx, { sigVerify = true } = {}) {
    // sigverify is on for everything else; simulateTransaction may turn it off
    try {
      if (!sigVerify) this.svm.withSigverify(false);
      return this.svm.simulateTransaction(tx.litesvmTx);
    } finally {
      if (!sigVerify) this.svm.withSigverify(true);
    }
  }

  // Process a transaction given as wire bytes. With preflight, a failing
  // transaction is rejected (like sendTransaction's preflight check on a real
  // node) and nothing lands. Returns the stored record.
  process(wire, { preflight = true } = {}) {
    const tx = this.decodeTx(wire);
    if (this.txs.has(tx.signature)) throw simulationError("AlreadyProcessed", [], 0n);
    this.checkBlockhash(tx);
    let result;
    if (preflight) {
      try {
        result = this.simulate(tx);
      } catch (e) {
        throw invalidParams(`invalid transaction: ${e.message}`);
      }
      if (result instanceof FailedTransactionMetadata) {
        const err = txErrToJson(result.err());
        if (err === "SignatureFailure") throw new RpcError(-32003, "Transaction signature verification failure");
        const meta = result.meta();
        throw simulationError(err, meta.logs(), meta.computeUnitsConsumed());
      }
    }

    const parent = this.tip;
    const slot = parent.slot + 1;
    const blockTime = this.nextBlockTime();
    const pre = this.snapshot(tx.accountKeys);
    this.setClock(slot, blockTime);
    try {
      result = this.svm.sendTransaction(tx.litesvmTx);
    } catch (e) {
      this.setClock(parent.slot, parent.blockTime);
      throw invalidParams(`invalid transaction: ${e.message}`);
    }
    const post = this.snapshot(tx.accountKeys);
    const failed = result instanceof FailedTransactionMetadata;
    const meta = failed ? result.meta() : result;
    const err = failed ? txErrToJson(result.err()) : null;
    // A failed transaction lands (and is recorded) only if it was charged a fee;
    // errors before execution (bad signature, unknown fee payer, ...) never land.
    if (failed && post.balances[0] === pre.balances[0]) {
      this.setClock(parent.slot, parent.blockTime);
      if (err === "SignatureFailure") throw new RpcError(-32003, "Transaction signature verification failure");
      throw simulationError(err, meta.logs(), meta.computeUnitsConsumed());
    }

    this.svm.expireBlockhash();
    const block = {
      slot,
      parentSlot: parent.slot,
      blockHeight: parent.blockHeight + 1,
      blockTime,
      blockhash: this.svm.latestBlockhash(),
      previousBlockhash: parent.blockhash,
      signatures: [tx.signature],
    };
    const feeMatch = /fee: (\d+)/.exec(meta.toString());
    const fee = feeMatch ? BigInt(feeMatch[1]) : LAMPORTS_PER_SIGNATURE * BigInt(tx.header.numRequiredSignatures);
    const innerInstructions = [];
    meta.innerInstructions().forEach((list, index) => {
      if (!list.length) return;
      innerInstructions.push({
        index,
        instructions: list.map((inner) => {
          const ci = inner.instruction();
          return {
            programIdIndex: ci.programIdIndex(),
            accounts: [...ci.accounts()],
            data: Uint8Array.from(ci.data()),
            stackHeight: inner.stackHeight(),
          };
        }),
      });
    });
    const record = {
      ...tx,
      slot,
      blockTime,
      err,
      fee,
      preBalances: pre.balances,
      postBalances: post.balances,
      preTokenBalances: pre.tokenBalances,
      postTokenBalances: post.tokenBalances,
      logMessages: meta.logs(),
      innerInstructions,
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      memo: extractMemo(tx),
    };
    this.txs.set(tx.signature, record);
    this.txCount++;
    for (const key of new Set(tx.accountKeys)) {
      let list = this.byAddress.get(key);
      if (!list) this.byAddress.set(key, (list = []));
      list.push(tx.signature);
    }
    this.addBlock(block);
    return record;
  }

  // Build, sign and process a legacy transaction paid by the shim's payer.
  sendInstructions(instructions, extraSigners = []) {
    const tx = new Transaction();
    tx.add(...instructions);
    tx.feePayer = this.payer.publicKey;
    tx.recentBlockhash = this.tip.blockhash;
    const signers = [this.payer];
    for (const s of extraSigners) {
      if (!signers.some((x) => x.publicKey.equals(s.publicKey))) signers.push(s);
    }
    tx.sign(...signers);
    return this.process(tx.serialize(), { preflight: true });
  }
}

function simulationError(err, logs, unitsConsumed) {
  let message = "Transaction simulation failed: " + txErrDisplay(err);
  // Surface the program's own error message (e.g. "Error: insufficient funds").
  const programMsg = [...logs].reverse().find((l) => l.startsWith("Program log: Error") || l.startsWith("Program log: error"));
  if (programMsg) message += ` (${programMsg.slice("Program log: ".length)})`;
  return new RpcError(-32002, message, {
    accounts: null,
    err,
    innerInstructions: null,
    logs,
    replacementBlockhash: null,
    returnData: null,
    unitsConsumed,
  });
}

function ixErrToJson(e) {
  if (typeof e === "number") return IX_ERR_NAMES[e] ?? `Unknown(${e})`;
  if (e && typeof e.code === "number") return { Custom: e.code };
  if (e && typeof e.msg === "string") return { BorshIoError: e.msg };
  return String(e);
}

function txErrToJson(e) {
  if (typeof e === "number") return TX_ERR_NAMES[e] ?? `Unknown(${e})`;
  const name = e?.constructor?.name ?? "";
  if (name === "TransactionErrorInstructionError" || typeof e?.err === "function")
    return { InstructionError: [e.index, ixErrToJson(e.err())] };
  if (name === "TransactionErrorDuplicateInstruction") return { DuplicateInstruction: e.index };
  if (name === "TransactionErrorInsufficientFundsForRent") return { InsufficientFundsForRent: { account_index: e.accountIndex } };
  if (name === "TransactionErrorProgramExecutionTemporarilyRestricted")
    return { ProgramExecutionTemporarilyRestricted: { account_index: e.accountIndex } };
  return String(e);
}

function txErrDisplay(err) {
  if (typeof err === "string") return TX_ERR_DISPLAY[err] ?? err;
  if (err && err.InstructionError) {
    const [i, ie] = err.InstructionError;
    let d;
    if (typeof ie === "string") d = IX_ERR_DISPLAY[ie] ?? ie;
    else if (ie && ie.Custom !== undefined) d = `custom program error: 0x${ie.Custom.toString(16)}`;
    else d = JSON.stringify(ie);
    return `Error processing Instruction ${i}: ${d}`;
  }
  if (err && err.InsufficientFundsForRent)
    return `Transaction results in an account (${err.InsufficientFundsForRent.account_index}) with insufficient funds for rent`;
  return JSON.stringify(err);
}

function extractMemo(tx) {
  const memos = [];
  for (const ix of tx.instructions) {
    if (MEMO_PROGRAMS.has(tx.accountKeys[ix.programIdIndex])) {
      memos.push(`[${ix.data.length}] ${Buffer.from(ix.data).toString("utf8")}`);
    }
  }
  return memos.length ? memos.join("; ") : null;
}

// ---------------------------------------------------------------------------
// instruction parsing for jsonParsed (the common System / SPL Token / ATA /
// Memo instructions; anything else is returned in the "partially decoded" form)

function parseInstruction(programId, accounts, data) {
  const d = Buffer.from(data);
  const acc = (i) => {
    if (i >= accounts.length) throw new Error("missing account");
    return accounts[i];
  };
  if (MEMO_PROGRAMS.has(programId)) {
    return { program: "spl-memo", parsed: d.toString("utf8") };
  }
  if (programId === SYSTEM_PROGRAM) {
    const tag = d.readUInt32LE(0);
    if (tag === 0)
      return {
        program: "system",
        parsed: {
          type: "createAccount",
          info: {
            source: acc(0),
            newAccount: acc(1),
            lamports: d.readBigUInt64LE(4),
            space: d.readBigUInt64LE(12),
            owner: b58encode(d.subarray(20, 52)),
          },
        },
      };
    if (tag === 2)
      return {
        program: "system",
        parsed: { type: "transfer", info: { source: acc(0), destination: acc(1), lamports: d.readBigUInt64LE(4) } },
      };
    return null;
  }
  if (programId === ATA_PROGRAM) {
    if (d.length > 1 || (d.length === 1 && d[0] > 1)) return null;
    return {
      program: "spl-associated-token-account",
      parsed: {
        type: d.length === 1 && d[0] === 1 ? "createIdempotent" : "create",
        info: {
          source: acc(0),
          account: acc(1),
          wallet: acc(2),
          mint: acc(3),
          systemProgram: acc(4),
          tokenProgram: acc(5),
        },
      },
    };
  }
  const programName = TOKEN_PROGRAMS.get(programId);
  if (!programName) return null;
  // authority at index `i`, multisig signers after it
  const withAuthority = (info, key, i) => {
    if (accounts.length > i + 1) {
      info["multisig" + key[0].toUpperCase() + key.slice(1)] = acc(i);
      info.signers = accounts.slice(i + 1);
    } else info[key] = acc(i);
    return info;
  };
  const checked = (amount, decimals) => uiTokenAmount(amount, decimals);
  const optKey = (off) => (d[off] === 1 ? b58encode(d.subarray(off + 1, off + 33)) : undefined);
  let type, info;
  switch (d[0]) {
    case 0:
      type = "initializeMint";
      info = { mint: acc(0), decimals: d[1], mintAuthority: b58encode(d.subarray(2, 34)), rentSysvar: acc(1) };
      if (optKey(34)) info.freezeAuthority = optKey(34);
      break;
    case 20:
      type = "initializeMint2";
      info = { mint: acc(0), decimals: d[1], mintAuthority: b58encode(d.subarray(2, 34)) };
      if (optKey(34)) info.freezeAuthority = optKey(34);
      break;
    case 1:
      type = "initializeAccount";
      info = { account: acc(0), mint: acc(1), owner: acc(2), rentSysvar: acc(3) };
      break;
    case 16:
      type = "initializeAccount2";
      info = { account: acc(0), mint: acc(1), owner: b58encode(d.subarray(1, 33)), rentSysvar: acc(2) };
      break;
    case 18:
      type = "initializeAccount3";
      info = { account: acc(0), mint: acc(1), owner: b58encode(d.subarray(1, 33)) };
      break;
    case 3:
      type = "transfer";
      info = withAuthority({ source: acc(0), destination: acc(1), amount: d.readBigUInt64LE(1).toString() }, "authority", 2);
      break;
    case 4:
      type = "approve";
      info = withAuthority({ source: acc(0), delegate: acc(1), amount: d.readBigUInt64LE(1).toString() }, "owner", 2);
      break;
    case 5:
      type = "revoke";
      info = withAuthority({ source: acc(0) }, "owner", 1);
      break;
    case 7:
      type = "mintTo";
      info = withAuthority({ mint: acc(0), account: acc(1), amount: d.readBigUInt64LE(1).toString() }, "mintAuthority", 2);
      break;
    case 8:
      type = "burn";
      info = withAuthority({ account: acc(0), mint: acc(1), amount: d.readBigUInt64LE(1).toString() }, "authority", 2);
      break;
    case 9:
      type = "closeAccount";
      info = withAuthority({ account: acc(0), destination: acc(1) }, "owner", 2);
      break;
    case 10:
      type = "freezeAccount";
      info = withAuthority({ account: acc(0), mint: acc(1) }, "freezeAuthority", 2);
      break;
    case 11:
      type = "thawAccount";
      info = withAuthority({ account: acc(0), mint: acc(1) }, "freezeAuthority", 2);
      break;
    case 12:
      type = "transferChecked";
      info = withAuthority(
        { source: acc(0), mint: acc(1), destination: acc(2), tokenAmount: checked(d.readBigUInt64LE(1), d[9]) },
        "authority",
        3,
      );
      break;
    case 14:
      type = "mintToChecked";
      info = withAuthority(
        { mint: acc(0), account: acc(1), tokenAmount: checked(d.readBigUInt64LE(1), d[9]) },
        "mintAuthority",
        2,
      );
      break;
    case 15:
      type = "burnChecked";
      info = withAuthority(
        { account: acc(0), mint: acc(1), tokenAmount: checked(d.readBigUInt64LE(1), d[9]) },
        "authority",
        2,
      );
      break;
    default:
      return null;
  }
  return { program: programName, parsed: { info, type } };
}

// ---------------------------------------------------------------------------
// response formatting

function formatInstruction(rec, ix, encoding, stackHeight) {
  if (encoding !== "jsonParsed") {
    return { accounts: ix.accounts, data: b58encode(ix.data), programIdIndex: ix.programIdIndex, stackHeight };
  }
  const programId = rec.accountKeys[ix.programIdIndex];
  const accounts = ix.accounts.map((i) => rec.accountKeys[i]);
  let parsed = null;
  try {
    parsed = parseInstruction(programId, accounts, ix.data);
  } catch {
    parsed = null;
  }
  if (parsed) return { parsed: parsed.parsed, program: parsed.program, programId, stackHeight };
  return { accounts, data: b58encode(ix.data), programId, stackHeight };
}

function formatMeta(rec, encoding) {
  return {
    computeUnitsConsumed: rec.computeUnitsConsumed,
    err: rec.err,
    fee: rec.fee,
    innerInstructions: rec.innerInstructions.map((g) => ({
      index: g.index,
      instructions: g.instructions.map((ix) => formatInstruction(rec, ix, encoding, ix.stackHeight)),
    })),
    loadedAddresses: encoding === "jsonParsed" ? undefined : { readonly: rec.loaded.readonly, writable: rec.loaded.writable },
    logMessages: rec.logMessages,
    postBalances: rec.postBalances,
    postTokenBalances: rec.postTokenBalances,
    preBalances: rec.preBalances,
    preTokenBalances: rec.preTokenBalances,
    rewards: [],
    status: rec.err === null ? { Ok: null } : { Err: rec.err },
  };
}

function formatTransaction(rec, encoding) {
  if (encoding === "base64") return [b64(rec.wire), "base64"];
  if (encoding === "base58") return [b58encode(rec.wire), "base58"];
  const message =
    encoding === "jsonParsed"
      ? {
          accountKeys: rec.accountKeys.map((pubkey, i) => ({
            pubkey,
            signer: rec.signers[i],
            source: rec.sources[i],
            writable: rec.writable[i],
          })),
          instructions: rec.instructions.map((ix) => formatInstruction(rec, ix, encoding, null)),
          recentBlockhash: rec.recentBlockhash,
        }
      : {
          accountKeys: rec.staticKeys,
          header: rec.header,
          instructions: rec.instructions.map((ix) => formatInstruction(rec, ix, encoding, null)),
          recentBlockhash: rec.recentBlockhash,
        };
  if (rec.version !== "legacy") message.addressTableLookups = rec.addressTableLookups;
  return { message, signatures: rec.signatures };
}

function formatTxWithMeta(rec, encoding, maxVersion, details = "full") {
  if (rec.version !== "legacy" && (maxVersion === undefined || maxVersion === null || rec.version > maxVersion)) {
    throw new RpcError(
      -32015,
      `Transaction version (${rec.version}) is not supported by the requesting client. ` +
        'Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  const out = {};
  if (details === "accounts") {
    out.transaction = {
      accountKeys: rec.accountKeys.map((pubkey, i) => ({
        pubkey,
        signer: rec.signers[i],
        source: rec.sources[i],
        writable: rec.writable[i],
      })),
      signatures: rec.signatures,
    };
    out.meta = {
      err: rec.err,
      fee: rec.fee,
      postBalances: rec.postBalances,
      postTokenBalances: rec.postTokenBalances,
      preBalances: rec.preBalances,
      preTokenBalances: rec.preTokenBalances,
      status: rec.err === null ? { Ok: null } : { Err: rec.err },
    };
  } else {
    out.meta = formatMeta(rec, encoding);
    out.transaction = formatTransaction(rec, encoding);
  }
  if (maxVersion !== undefined && maxVersion !== null) out.version = rec.version;
  return out;
}

function formatAccount(chain, acc, encoding, dataSlice) {
  if (!acc) return null;
  let data;
  const sliced = () => {
    if (!dataSlice) return acc.data;
    return acc.data.subarray(dataSlice.offset, dataSlice.offset + dataSlice.length);
  };
  if (encoding === "jsonParsed") {
    // Parsed form for SPL Token mints and token accounts; anything else falls
    // back to base64, as on a real node.
    const p = parseTokenData(acc.programAddress, acc.data);
    if (p && p.kind === "account") p.decimals = mintDecimalsOrNull(chain, p.mint);
    if (p && (p.kind === "mint" || p.decimals !== null))
      data = { parsed: tokenParsedInfo(p), program: TOKEN_PROGRAMS.get(acc.programAddress), space: acc.data.length };
    else data = [b64(sliced()), "base64"];
  } else if (encoding === "base64") {
    data = [b64(sliced()), "base64"];
  } else if (encoding === "base58" || encoding === "binary") {
    const bytes = sliced();
    if (bytes.length > 128)
      throw new RpcError(-32600, "Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.");
    data = encoding === "binary" ? b58encode(bytes) : [b58encode(bytes), "base58"];
  } else if (encoding === "base64+zstd") {
    throw invalidParams("Invalid params: base64+zstd encoding is not supported by this devnet node; use base64");
  } else {
    throw invalidParams(
      `Invalid params: unknown variant \`${encoding}\`, expected one of \`binary\`, \`base58\`, \`base64\`, \`jsonParsed\`, \`base64+zstd\``,
    );
  }
  return {
    data,
    executable: acc.executable,
    lamports: acc.lamports,
    owner: acc.programAddress,
    rentEpoch: RENT_EPOCH_EXEMPT,
    space: acc.data.length,
  };
}

function tokenParsedInfo(p) {
  if (p.kind === "mint") {
    return {
      info: {
        decimals: p.decimals,
        freezeAuthority: p.freezeAuthority,
        isInitialized: true,
        mintAuthority: p.mintAuthority,
        supply: p.supply.toString(),
      },
      type: "mint",
    };
  }
  const decimals = p.decimals;
  const info = {
    isNative: p.isNative,
    mint: p.mint,
    owner: p.owner,
    state: p.state,
    tokenAmount: uiTokenAmount(p.amount, decimals),
  };
  if (p.delegate) {
    info.delegate = p.delegate;
    info.delegatedAmount = uiTokenAmount(p.delegatedAmount, decimals);
  }
  if (p.isNative) info.rentExemptReserve = uiTokenAmount(p.rentExemptReserve, decimals);
  if (p.closeAuthority) info.closeAuthority = p.closeAuthority;
  return { info, type: "account" };
}

// ---------------------------------------------------------------------------
// RPC methods

const COMMITMENTS = ["processed", "confirmed", "finalized"];

function configOf(params, index) {
  const c = params[index];
  if (c === undefined || c === null) return {};
  if (typeof c !== "object" || Array.isArray(c)) throw invalidParams("Invalid params: invalid type: expected a config object");
  return c;
}

// Validate commitment/minContextSlot. All commitment levels are the same here:
// every block is final as soon as it is produced.
function checkCommitment(chain, cfg, { minConfirmed = false } = {}) {
  if (cfg.commitment !== undefined) {
    if (!COMMITMENTS.includes(cfg.commitment))
      throw invalidParams(
        `Invalid params: unknown variant \`${cfg.commitment}\`, expected one of \`processed\`, \`confirmed\`, \`finalized\`.`,
      );
    if (minConfirmed && cfg.commitment === "processed")
      throw invalidParams("Method does not support commitment below `confirmed`");
  }
  if (cfg.minContextSlot !== undefined && cfg.minContextSlot !== null) {
    parseNonNegInt(cfg.minContextSlot, "minContextSlot");
    if (cfg.minContextSlot > chain.tip.slot)
      throw new RpcError(-32016, "Minimum context slot has not been reached", { contextSlot: chain.tip.slot });
  }
}

const ctx = (chain) => ({ apiVersion: SOLANA_CORE_VERSION, slot: chain.tip.slot });

function tokenInfoOrThrow(chain, address, kind) {
  requirePubkey(address);
  const acc = chain.account(address);
  if (!acc) throw invalidParams("Invalid param: could not find account");
  const p = parseTokenData(acc.programAddress, acc.data);
  if (!p || p.kind !== kind) throw invalidParams(kind === "mint" ? "Invalid param: not a Token mint" : "Invalid param: not a Token account");
  return { acc, p };
}

function mintDecimalsOrNull(chain, mint) {
  const m = chain.account(mint);
  const p = m && parseTokenData(m.programAddress, m.data);
  return p && p.kind === "mint" ? p.decimals : null;
}
function mintDecimals(chain, mint) {
  const d = mintDecimalsOrNull(chain, mint);
  if (d === null) throw invalidParams("Invalid param: could not find mint");
  return d;
}

function decodeWireParam(encoded, encoding = "base58") {
  if (typeof encoded !== "string") throw invalidParams("Invalid params: expected an encoded transaction string");
  let bytes;
  if (encoding === "base58") bytes = b58decode(encoded);
  else if (encoding === "base64") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) bytes = null;
    else bytes = Buffer.from(encoded, "base64");
  } else throw invalidParams(`Invalid params: unsupported encoding: ${encoding}. Supported encodings: base58, base64`);
  if (!bytes) throw invalidParams(`invalid transaction: invalid ${encoding} encoding`);
  return bytes;
}

function blockOrThrow(chain, slot) {
  parseNonNegInt(slot, "slot");
  if (slot > chain.tip.slot) throw new RpcError(-32004, `Block not available for slot ${slot}`);
  if (slot < chain.firstSlot)
    throw new RpcError(-32001, `Block ${slot} cleaned up, does not exist on node. First available block: ${chain.firstSlot}`);
  const block = chain.blocks.get(slot);
  if (!block) throw new RpcError(-32009, `Slot ${slot} was skipped, or missing in long-term storage`);
  return block;
}

const standardMethods = {
  getHealth: () => "ok",
  getVersion: () => ({ "feature-set": FEATURE_SET, "solana-core": SOLANA_CORE_VERSION }),
  getGenesisHash: (chain) => chain.genesisHash,
  getIdentity: (chain) => ({ identity: chain.faucet.publicKey.toBase58() }),
  getSlot(chain, params) {
    checkCommitment(chain, configOf(params, 0));
    return chain.tip.slot;
  },
  getBlockHeight(chain, params) {
    checkCommitment(chain, configOf(params, 0));
    return chain.tip.blockHeight;
  },
  getTransactionCount(chain, params) {
    checkCommitment(chain, configOf(params, 0));
    return chain.txCount;
  },
  getFirstAvailableBlock: (chain) => chain.firstSlot,
  minimumLedgerSlot: (chain) => chain.firstSlot,
  getEpochInfo(chain, params) {
    checkCommitment(chain, configOf(params, 0));
    const e = chain.epochOf(chain.tip.slot);
    return {
      absoluteSlot: chain.tip.slot,
      blockHeight: chain.tip.blockHeight,
      epoch: e.epoch,
      slotIndex: e.slotIndex,
      slotsInEpoch: e.slotsInEpoch,
      transactionCount: chain.txCount,
    };
  },
  getLatestBlockhash(chain, params) {
    checkCommitment(chain, configOf(params, 0));
    return {
      context: ctx(chain),
      value: { blockhash: chain.tip.blockhash, lastValidBlockHeight: chain.tip.blockHeight + MAX_PROCESSING_AGE },
    };
  },
  isBlockhashValid(chain, params) {
    checkCommitment(chain, configOf(params, 1));
    if (typeof params[0] !== "string") throw invalidParams("Invalid params: expected a blockhash");
    return { context: ctx(chain), value: chain.recentBlockhashes.has(params[0]) };
  },
  getMinimumBalanceForRentExemption(chain, params) {
    const len = parseNonNegInt(params[0] ?? 0, "data length");
    return chain.svm.minimumBalanceForRentExemption(BigInt(len));
  },
  getBlockTime(chain, params) {
    return blockOrThrow(chain, params[0]).blockTime;
  },
  getBlocks(chain, params) {
    const start = parseNonNegInt(params[0], "start_slot");
    let end = chain.tip.slot;
    let cfgIdx = 1;
    if (typeof params[1] === "number") {
      end = Math.min(parseNonNegInt(params[1], "end_slot"), end);
      cfgIdx = 2;
    }
    checkCommitment(chain, configOf(params, cfgIdx), { minConfirmed: true });
    if (end - start > 500000) throw invalidParams("Invalid params: slot range too large; max 500000");
    return [...chain.blocks.keys()].filter((s) => s >= start && s <= end).sort((a, b) => a - b);
  },
  getBlock(chain, params) {
    const cfg = typeof params[1] === "string" ? { encoding: params[1] } : configOf(params, 1);
    checkCommitment(chain, cfg, { minConfirmed: true });
    const encoding = cfg.encoding ?? "json";
    if (!["json", "jsonParsed", "base58", "base64"].includes(encoding))
      throw invalidParams(`Invalid params: unknown variant \`${encoding}\``);
    const details = cfg.transactionDetails ?? "full";
    if (!["full", "signatures", "none", "accounts"].includes(details))
      throw invalidParams(`Invalid params: unknown variant \`${details}\``);
    const block = blockOrThrow(chain, params[0]);
    const out = {
      blockHeight: block.blockHeight,
      blockTime: block.blockTime,
      blockhash: block.blockhash,
      parentSlot: block.parentSlot,
      previousBlockhash: block.previousBlockhash,
    };
    const recs = block.signatures.map((s) => chain.txs.get(s));
    if (details === "full" || details === "accounts")
      out.transactions = recs.map((r) => formatTxWithMeta(r, encoding, cfg.maxSupportedTransactionVersion, details));
    else if (details === "signatures") out.signatures = recs.map((r) => r.signature);
    if (cfg.rewards !== false) out.rewards = [];
    return out;
  },
  getBalance(chain, params) {
    requirePubkey(params[0]);
    checkCommitment(chain, configOf(params, 1));
    const acc = chain.account(params[0]);
    return { context: ctx(chain), value: acc ? acc.lamports : 0n };
  },
  getAccountInfo(chain, params) {
    requirePubkey(params[0]);
    const cfg = configOf(params, 1);
    checkCommitment(chain, cfg);
    const slice = parseDataSlice(cfg.dataSlice);
    return { context: ctx(chain), value: formatAccount(chain, chain.account(params[0]), cfg.encoding ?? "binary", slice) };
  },
  getMultipleAccounts(chain, params) {
    if (!Array.isArray(params[0])) throw invalidParams("Invalid params: expected an array of pubkeys");
    if (params[0].length > 100) throw invalidParams("Too many inputs provided; max 100");
    params[0].forEach((k) => requirePubkey(k));
    const cfg = configOf(params, 1);
    checkCommitment(chain, cfg);
    const slice = parseDataSlice(cfg.dataSlice);
    return {
      context: ctx(chain),
      value: params[0].map((k) => formatAccount(chain, chain.account(k), cfg.encoding ?? "base64", slice)),
    };
  },
  getTokenSupply(chain, params) {
    checkCommitment(chain, configOf(params, 1));
    const { p } = tokenInfoOrThrow(chain, params[0], "mint");
    return { context: ctx(chain), value: uiTokenAmount(p.supply, p.decimals) };
  },
  getTokenAccountBalance(chain, params) {
    checkCommitment(chain, configOf(params, 1));
    const { p } = tokenInfoOrThrow(chain, params[0], "account");
    return { context: ctx(chain), value: uiTokenAmount(p.amount, mintDecimals(chain, p.mint)) };
  },
  getTokenLargestAccounts(chain, params) {
    checkCommitment(chain, configOf(params, 1));
    const { acc, p } = tokenInfoOrThrow(chain, params[0], "mint");
    const holders = [];
    for (const a of chain.svm.getProgramAccounts(acc.programAddress)) {
      const t = parseTokenData(acc.programAddress, a.data);
      if (t && t.kind === "account" && t.mint === params[0]) holders.push({ address: a.address, amount: t.amount });
    }
    holders.sort((x, y) => (x.amount < y.amount ? 1 : x.amount > y.amount ? -1 : 0));
    return {
      context: ctx(chain),
      value: holders.slice(0, 20).map((h) => ({ address: h.address, ...uiTokenAmount(h.amount, p.decimals) })),
    };
  },
  getTokenAccountsByOwner(chain, params) {
    const owner = requirePubkey(params[0]);
    const filter = params[1];
    if (!filter || typeof filter !== "object" || (filter.mint === undefined) === (filter.programId === undefined))
      throw invalidParams("Invalid params: expected a filter object with either mint or programId");
    const cfg = configOf(params, 2);
    checkCommitment(chain, cfg);
    let programId, mint = null;
    if (filter.mint !== undefined) {
      mint = requirePubkey(filter.mint);
      const m = chain.account(mint);
      if (!m || !TOKEN_PROGRAMS.has(m.programAddress)) throw invalidParams("Invalid param: could not find mint");
      programId = m.programAddress;
    } else {
      programId = requirePubkey(filter.programId);
      if (!TOKEN_PROGRAMS.has(programId)) throw invalidParams("Invalid param: unrecognized Token program id");
    }
    const slice = parseDataSlice(cfg.dataSlice);
    const value = [];
    for (const a of chain.svm.getProgramAccounts(programId)) {
      const t = parseTokenData(programId, a.data);
      if (!t || t.kind !== "account" || t.owner !== owner || (mint && t.mint !== mint)) continue;
      value.push({ account: formatAccount(chain, a, cfg.encoding ?? "binary", slice), pubkey: a.address });
    }
    return { context: ctx(chain), value };
  },
  getSignaturesForAddress(chain, params) {
    const address = requirePubkey(params[0]);
    const cfg = configOf(params, 1);
    checkCommitment(chain, cfg, { minConfirmed: true });
    const limit = cfg.limit ?? 1000;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw invalidParams("Invalid limit; max 1000");
    if (cfg.before !== undefined && cfg.before !== null) requireSignature(cfg.before);
    if (cfg.until !== undefined && cfg.until !== null) requireSignature(cfg.until);
    const list = chain.byAddress.get(address) ?? [];
    let i = list.length - 1;
    if (cfg.before) {
      const beforeRec = chain.txs.get(cfg.before);
      if (!beforeRec) return [];
      // everything strictly older than `before`
      while (i >= 0 && chain.txs.get(list[i]).slot >= beforeRec.slot) i--;
    }
    const untilRec = cfg.until ? chain.txs.get(cfg.until) : null;
    const out = [];
    for (; i >= 0 && out.length < limit; i--) {
      const rec = chain.txs.get(list[i]);
      if (untilRec && rec.slot <= untilRec.slot) break;
      out.push({
        blockTime: rec.blockTime,
        confirmationStatus: "finalized",
        err: rec.err,
        memo: rec.memo,
        signature: rec.signature,
        slot: rec.slot,
      });
    }
    return out;
  },
  getTransaction(chain, params) {
    requireSignature(params[0]);
    const cfg = typeof params[1] === "string" ? { encoding: params[1] } : configOf(params, 1);
    checkCommitment(chain, cfg, { minConfirmed: true });
    const encoding = cfg.encoding ?? "json";
    if (!["json", "jsonParsed", "base58", "base64"].includes(encoding))
      throw invalidParams(`Invalid params: unknown variant \`${encoding}\`, expected one of \`binary\`, \`base64\`, \`base58\`, \`json\`, \`jsonParsed\``);
    const rec = chain.txs.get(params[0]);
    if (!rec) return null;
    return { blockTime: rec.blockTime, slot: rec.slot, ...formatTxWithMeta(rec, encoding, cfg.maxSupportedTransactionVersion) };
  },
  getSignatureStatuses(chain, params) {
    if (!Array.isArray(params[0])) throw invalidParams("Invalid params: expected an array of signatures");
    if (params[0].length > 256) throw invalidParams("Too many inputs provided; max 256");
    return {
      context: ctx(chain),
      value: params[0].map((s) => {
        requireSignature(s);
        const rec = chain.txs.get(s);
        if (!rec) return null;
        return {
          confirmationStatus: "finalized",
          confirmations: null,
          err: rec.err,
          slot: rec.slot,
          status: rec.err === null ? { Ok: null } : { Err: rec.err },
        };
      }),
    };
  },
  sendTransaction(chain, params) {
    const cfg = configOf(params, 1);
    if (cfg.preflightCommitment !== undefined) checkCommitment(chain, { commitment: cfg.preflightCommitment });
    checkCommitment(chain, { minContextSlot: cfg.minContextSlot });
    const wire = decodeWireParam(params[0], cfg.encoding ?? "base58");
    return chain.process(wire, { preflight: !cfg.skipPreflight }).signature;
  },
  simulateTransaction(chain, params) {
    const cfg = configOf(params, 1);
    checkCommitment(chain, cfg);
    const wire = decodeWireParam(params[0], cfg.encoding ?? "base58");
    const tx = chain.decodeTx(wire);
    const replace = cfg.replaceRecentBlockhash === true;
    if (replace && cfg.sigVerify) throw invalidParams("sigVerify may not be used with replaceRecentBlockhash");
    let result;
    try {
      result = chain.simulate(tx, { sigVerify: cfg.sigVerify === true });
    } catch (e) {
      throw invalidParams(`invalid transaction: ${e.message}`);
    }
    const failed = result instanceof FailedTransactionMetadata;
    const meta = failed ? result.meta() : result.meta();
    let err = failed ? txErrToJson(result.err()) : null;
    if (!replace && !err && !chain.recentBlockhashes.has(tx.recentBlockhash)) err = "BlockhashNotFound";
    const rd = meta.returnData();
    const rdData = rd ? rd.data() : new Uint8Array();
    return {
      context: ctx(chain),
      value: {
        accounts: null,
        err,
        innerInstructions: null,
        logs: meta.logs(),
        replacementBlockhash: replace
          ? { blockhash: chain.tip.blockhash, lastValidBlockHeight: chain.tip.blockHeight + MAX_PROCESSING_AGE }
          : null,
        returnData: rdData.length ? { data: [b64(rdData), "base64"], programId: b58encode(rd.programId()) } : null,
        unitsConsumed: meta.computeUnitsConsumed(),
      },
    };
  },
  requestAirdrop(chain, params) {
    const to = requirePubkey(params[0]);
    const lamports = parseAmount(params[1], "lamports");
    checkCommitment(chain, configOf(params, 2));
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: chain.faucet.publicKey, toPubkey: new PublicKey(to), lamports }),
    );
    tx.feePayer = chain.faucet.publicKey;
    tx.recentBlockhash = chain.tip.blockhash;
    tx.sign(chain.faucet);
    return chain.process(tx.serialize(), { preflight: true }).signature;
  },
};

function parseDataSlice(s) {
  if (s === undefined || s === null) return null;
  if (typeof s !== "object") throw invalidParams("Invalid params: invalid dataSlice");
  return { offset: parseNonNegInt(s.offset, "dataSlice.offset"), length: parseNonNegInt(s.length, "dataSlice.length") };
}

// ---- devnet_* admin methods ------------------------------------------------

function adminArgs(params) {
  // accept both [ {..} ] and {..}
  const a = Array.isArray(params) ? params[0] : params;
  if (a === undefined || a === null) return {};
  if (typeof a !== "object" || Array.isArray(a)) throw invalidParams("Invalid params: expected an object argument");
  return a;
}

function holdKey(chain, pubkey, what) {
  const kp = chain.keys.get(pubkey);
  if (!kp) throw invalidParams(`Invalid params: the shim does not hold the keypair of ${what} ${pubkey}`);
  return kp;
}

function adminPubkey(v, what) {
  if (!isPubkey(v)) throw invalidParams(`Invalid params: ${what} must be a base58 pubkey`);
  return v;
}

function existingTokenAccount(chain, address, what = "token account") {
  adminPubkey(address, what);
  const acc = chain.account(address);
  if (!acc) throw invalidParams(`Invalid params: unknown ${what} ${address}`);
  const p = parseTokenData(acc.programAddress, acc.data);
  if (!p || p.kind !== "account") throw invalidParams(`Invalid params: ${address} is not a token account`);
  return p;
}

function memoIx(memo) {
  if (memo === undefined || memo === null) return [];
  if (typeof memo !== "string") throw invalidParams("Invalid params: memo must be a string");
  return [new TransactionInstruction({ programId: new PublicKey(MEMO_V2), keys: [], data: Buffer.from(memo, "utf8") })];
}

const txResult = (rec) => ({ signature: rec.signature, slot: rec.slot });

// A fresh mint keypair, or with a seed the same one on every shim: the secret key is
// sha256("assay-devnet-mint:" + seed), so demo profiles can name the mint's address.
function mintKeypair(chain, seed) {
  if (seed === undefined || seed === null) return Keypair.generate();
  if (typeof seed !== "string" || seed.length === 0 || seed.length > 200)
    throw invalidParams("Invalid params: seed must be a non-empty string of at most 200 characters");
  const kp = Keypair.fromSeed(crypto.createHash("sha256").update("assay-devnet-mint:" + seed).digest());
  if (chain.account(kp.publicKey.toBase58()))
    throw invalidParams(`Invalid params: the mint of seed "${seed}" already exists: ${kp.publicKey.toBase58()}`);
  return kp;
}

const adminMethods = {
  devnet_createMint(chain, params) {
    const a = adminArgs(params);
    const decimals = a.decimals ?? 9;
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255)
      throw invalidParams("Invalid params: decimals must be an integer 0..255");
    const mint = mintKeypair(chain, a.seed);
    const rent = chain.svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE));
    const rec = chain.sendInstructions(
      [
        SystemProgram.createAccount({
          fromPubkey: chain.payer.publicKey,
          newAccountPubkey: mint.publicKey,
          lamports: Number(rent),
          space: MINT_SIZE,
          programId: TOKEN_PROGRAM_ID,
        }),
        createInitializeMint2Instruction(mint.publicKey, decimals, chain.payer.publicKey, null),
      ],
      [mint],
    );
    return {
      mint: mint.publicKey.toBase58(),
      decimals,
      mintAuthority: chain.payer.publicKey.toBase58(),
      ...txResult(rec),
    };
  },
  devnet_createTokenAccount(chain, params) {
    const a = adminArgs(params);
    const mint = adminPubkey(a.mint, "mint");
    let owner;
    if (a.owner !== undefined && a.owner !== null) {
      owner = adminPubkey(a.owner, "owner");
    } else {
      const kp = Keypair.generate();
      owner = kp.publicKey.toBase58();
      chain.keys.set(owner, kp);
    }
    const account = Keypair.generate();
    const rent = chain.svm.minimumBalanceForRentExemption(BigInt(ACCOUNT_SIZE));
    const rec = chain.sendInstructions(
      [
        SystemProgram.createAccount({
          fromPubkey: chain.payer.publicKey,
          newAccountPubkey: account.publicKey,
          lamports: Number(rent),
          space: ACCOUNT_SIZE,
          programId: TOKEN_PROGRAM_ID,
        }),
        createInitializeAccount3Instruction(account.publicKey, new PublicKey(mint), new PublicKey(owner)),
      ],
      [account],
    );
    return { account: account.publicKey.toBase58(), owner, mint, ...txResult(rec) };
  },
  devnet_mintTo(chain, params) {
    const a = adminArgs(params);
    const amount = parseAmount(a.amount);
    const target = existingTokenAccount(chain, a.account);
    const mint = a.mint === undefined ? target.mint : adminPubkey(a.mint, "mint");
    const m = chain.account(mint);
    const pm = m && parseTokenData(m.programAddress, m.data);
    if (!pm || pm.kind !== "mint") throw invalidParams(`Invalid params: unknown mint ${mint}`);
    if (!pm.mintAuthority) throw invalidParams(`Invalid params: mint ${mint} has no mint authority`);
    const authority = holdKey(chain, pm.mintAuthority, "mint authority");
    const rec = chain.sendInstructions(
      [
        createMintToInstruction(new PublicKey(mint), new PublicKey(a.account), authority.publicKey, amount),
        ...memoIx(a.memo),
      ],
      [authority],
    );
    return txResult(rec);
  },
  devnet_burn(chain, params) {
    const a = adminArgs(params);
    const amount = parseAmount(a.amount);
    const src = existingTokenAccount(chain, a.account);
    const owner = holdKey(chain, src.owner, "token account owner");
    const rec = chain.sendInstructions(
      [
        createBurnInstruction(new PublicKey(a.account), new PublicKey(src.mint), owner.publicKey, amount),
        ...memoIx(a.memo),
      ],
      [owner],
    );
    return txResult(rec);
  },
  devnet_transfer(chain, params) {
    const a = adminArgs(params);
    const amount = parseAmount(a.amount);
    const src = existingTokenAccount(chain, a.from, "source token account");
    adminPubkey(a.to, "to");
    const owner = holdKey(chain, src.owner, "token account owner");
    const rec = chain.sendInstructions(
      [
        createTransferInstruction(new PublicKey(a.from), new PublicKey(a.to), owner.publicKey, amount),
        ...memoIx(a.memo),
      ],
      [owner],
    );
    return txResult(rec);
  },
  devnet_closeAccount(chain, params) {
    const a = adminArgs(params);
    const src = existingTokenAccount(chain, a.account);
    const destination = a.destination === undefined ? chain.payer.publicKey.toBase58() : adminPubkey(a.destination, "destination");
    const owner = holdKey(chain, src.owner, "token account owner");
    const rec = chain.sendInstructions(
      [createCloseAccountInstruction(new PublicKey(a.account), new PublicKey(destination), owner.publicKey)],
      [owner],
    );
    return txResult(rec);
  },
  devnet_advanceSlots(chain, params) {
    const a = adminArgs(params);
    const n = a.n ?? 1;
    if (!Number.isSafeInteger(n) || n < 1 || n > 1_000_000_000)
      throw invalidParams("Invalid params: n must be a positive integer");
    return { slot: chain.advanceSlots(n) };
  },
  devnet_info(chain) {
    return {
      payer: chain.payer.publicKey.toBase58(),
      faucet: chain.faucet.publicKey.toBase58(),
      slot: chain.tip.slot,
      blockHeight: chain.tip.blockHeight,
      firstSlot: chain.firstSlot,
      transactionCount: chain.txCount,
    };
  },
};

// ---------------------------------------------------------------------------
// fault injection

const FAULT_KINDS = ["rateLimit", "http500", "malformed", "rpcError"];

class Faults {
  constructor() {
    this.list = [];
  }
  set(a) {
    if (typeof a.method !== "string" || !a.method) throw invalidParams("Invalid params: method must be a string (or \"*\")");
    if (!FAULT_KINDS.includes(a.kind)) throw invalidParams(`Invalid params: kind must be one of ${FAULT_KINDS.join(", ")}`);
    const count = a.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 1) throw invalidParams("Invalid params: count must be a positive integer");
    const retryAfter = a.retryAfter ?? 1;
    if (!Number.isSafeInteger(retryAfter) || retryAfter < 0)
      throw invalidParams("Invalid params: retryAfter must be a non-negative integer");
    // one fault per method name: setting it again replaces the previous one
    this.list = this.list.filter((x) => x.method !== a.method);
    this.list.push({ method: a.method, kind: a.kind, remaining: count, retryAfter });
    return { method: a.method, kind: a.kind, count, retryAfter };
  }
  clear() {
    const n = this.list.length;
    this.list = [];
    return { cleared: n };
  }
  // Consume and return the fault that applies to a call of `method`, if any.
  // devnet_* methods are never faulted (so tests can always clear faults).
  take(method) {
    if (typeof method !== "string" || method.startsWith("devnet_")) return null;
    // a fault for the exact method wins over a "*" fault
    const f = this.list.find((x) => x.method === method) ?? this.list.find((x) => x.method === "*");
    if (!f) return null;
    f.remaining--;
    if (f.remaining === 0) this.list = this.list.filter((x) => x !== f);
    return f;
  }
}

// ---------------------------------------------------------------------------
// JSON-RPC dispatch

class Server {
  constructor({ verbose = false } = {}) {
    this.chain = new Chain();
    this.faults = new Faults();
    this.verbose = verbose;
  }

  callMethod(method, params) {
    if (method === "devnet_setFault") return this.faults.set(adminArgs(params));
    if (method === "devnet_clearFaults") return this.faults.clear();
    const admin = Object.hasOwn(adminMethods, method) ? adminMethods[method] : null;
    if (admin) return admin(this.chain, params);
    const std = Object.hasOwn(standardMethods, method) ? standardMethods[method] : null;
    if (!std) throw new RpcError(-32601, "Method not found");
    if (params !== undefined && params !== null && !Array.isArray(params))
      throw invalidParams("Invalid params: invalid type: map, expected a sequence");
    return std(this.chain, params ?? []);
  }

  // Returns a response object, or undefined for notifications.
  handleOne(req, fault) {
    const validId = (id) => id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
    if (req === null || typeof req !== "object" || Array.isArray(req) || req.jsonrpc !== "2.0" || typeof req.method !== "string" || ("id" in req && !validId(req.id))) {
      const id = req && typeof req === "object" && validId(req.id) ? req.id : null;
      return { jsonrpc: "2.0", error: { code: -32600, message: "Invalid request" }, id };
    }
    const isNotification = !("id" in req);
    const id = isNotification ? null : req.id;
    let response;
    if (fault && fault.kind === "rpcError") {
      response = {
        jsonrpc: "2.0",
        error: { code: -32005, message: "Node is behind by 42 slots", data: { numSlotsBehind: 42 } },
        id,
      };
    } else {
      try {
        response = { jsonrpc: "2.0", result: this.callMethod(req.method, req.params), id };
      } catch (e) {
        if (e instanceof RpcError) {
          const error = { code: e.code, message: e.message };
          if (e.data !== undefined) error.data = e.data;
          response = { jsonrpc: "2.0", error, id };
        } else {
          if (this.verbose) console.error(e);
          response = { jsonrpc: "2.0", error: { code: -32603, message: "Internal error", data: String(e?.message ?? e) }, id };
        }
      }
    }
    if (this.verbose) console.error(`[shim] ${req.method} -> ${response.error ? "error " + response.error.code : "ok"}`);
    return isNotification ? undefined : response;
  }

  // body: string. Returns {status, headers, body}.
  handleBody(body) {
    const json = { "Content-Type": "application/json" };
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      return {
        status: 200,
        headers: json,
        body: toJson({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null }),
      };
    }
    const batch = Array.isArray(parsed);
    const reqs = batch ? parsed : [parsed];
    if (batch && reqs.length === 0) {
      return { status: 200, headers: json, body: toJson({ jsonrpc: "2.0", error: { code: -32600, message: "Invalid request" }, id: null }) };
    }
    // Decide faults before running anything: an HTTP-level fault on any call
    // of a batch fails the whole HTTP response, and then nothing is executed.
    const faults = reqs.map((r) => (r && typeof r === "object" ? this.faults.take(r.method) : null));
    const httpFault = faults.find((f) => f && f.kind !== "rpcError");
    if (httpFault) return this.httpFault(httpFault, reqs);
    const responses = [];
    reqs.forEach((r, i) => {
      const resp = this.handleOne(r, faults[i]);
      if (resp !== undefined) responses.push(resp);
    });
    if (responses.length === 0) return { status: 200, headers: json, body: "" };
    return { status: 200, headers: json, body: toJson(batch ? responses : responses[0]) };
  }

  httpFault(f, reqs) {
    const id = reqs[0] && typeof reqs[0] === "object" && reqs[0].id !== undefined ? reqs[0].id : null;
    if (this.verbose) console.error(`[shim] injecting fault ${f.kind} for ${f.method}`);
    switch (f.kind) {
      case "rateLimit":
        return {
          status: 429,
          headers: { "Content-Type": "application/json", "Retry-After": String(f.retryAfter) },
          body: toJson({ jsonrpc: "2.0", error: { code: 429, message: "Too many requests for a specific RPC call, contact your app developer or support@rpcpool.com." }, id }),
        };
      case "http500":
        return { status: 500, headers: { "Content-Type": "text/plain" }, body: "Internal Server Error" };
      case "malformed":
      default:
        // a truncated JSON body with a success status
        return {
          status: 200,
          headers: { "Content-Type": "application/json" },
          body: `{"jsonrpc":"2.0","result":{"context":{"apiVersion":"${SOLANA_CORE_VERSION}","slot":${this.chain.tip.slot}},"value":{"amou`,
        };
    }
  }
}

// ---------------------------------------------------------------------------
// HTTP + process lifecycle

function parseArgs(argv) {
  const opts = { port: 0, ignoreStdin: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") opts.port = Number(argv[++i]);
    else if (a.startsWith("--port=")) opts.port = Number(a.slice(7));
    else if (a === "--ignore-stdin") opts.ignoreStdin = true;
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--help" || a === "-h") {
      process.stderr.write("usage: node shim.mjs [--port <p>] [--ignore-stdin] [--verbose]\n");
      process.exit(0);
    } else {
      process.stderr.write(`shim: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    process.stderr.write("shim: --port must be an integer 0..65535\n");
    process.exit(2);
  }
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rpc = new Server({ verbose: opts.verbose });

  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      if (res.headersSent) return;
      res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method === "GET" && (req.url === "/health" || req.url === "/health/")) {
      send(200, { "Content-Type": "text/plain" }, "ok");
      return;
    }
    if (req.method !== "POST") {
      send(405, { "Content-Type": "text/plain", Allow: "POST" }, "Used HTTP Method is not allowed. POST or OPTIONS is required");
      return;
    }
    const chunks = [];
    let size = 0;
    let aborted = false;
    req.on("data", (c) => {
      if (aborted) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        aborted = true;
        send(413, { "Content-Type": "text/plain" }, "Payload Too Large");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("error", () => {});
    req.on("end", () => {
      if (aborted) return;
      let out;
      try {
        out = rpc.handleBody(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        console.error("[shim] unexpected error:", e);
        out = {
          status: 200,
          headers: { "Content-Type": "application/json" },
          body: toJson({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: null }),
        };
      }
      send(out.status, out.headers, out.body);
    });
  });
  // Keep idle connections open longer than Node's 5 s default, so pooling
  // clients (e.g. java.net.http.HttpClient) rarely reuse a socket the server
  // is just closing.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.on("clientError", (err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
  });

  let stopping = false;
  const shutdown = (why) => {
    if (stopping) return;
    stopping = true;
    if (opts.verbose) console.error(`[shim] shutting down (${why})`);
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGHUP", () => shutdown("SIGHUP"));
  process.on("uncaughtException", (e) => console.error("[shim] uncaught exception:", e));
  process.stdout.on("error", () => {}); // parent stopped reading stdout: not fatal

  server.on("error", (e) => {
    console.error(`[shim] cannot listen: ${e.message}`);
    process.exit(1);
  });
  server.listen(opts.port, "127.0.0.1", () => {
    process.stdout.write(`SHIM_READY port=${server.address().port}\n`);
    if (!opts.ignoreStdin) {
      // Die with the parent: when it exits, our stdin pipe reaches EOF.
      process.stdin.on("end", () => shutdown("stdin EOF"));
      process.stdin.on("close", () => shutdown("stdin closed"));
      process.stdin.on("error", () => shutdown("stdin error"));
      process.stdin.on("data", () => {});
      process.stdin.resume();
    }
  });
}

main();
