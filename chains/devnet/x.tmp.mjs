import { spawn } from "node:child_process";
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionMessage, VersionedTransaction, Connection } from "@solana/web3.js";
import { createTransferInstruction, getMint, getAccount } from "@solana/spl-token";
const child = spawn(process.execPath, ["solana/shim.mjs", "--port", "0"], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((r) => child.stdout.on("data", (d) => { const m = /port=(\d+)/.exec(d); if (m) r(m[1]); }));
const url = `http://127.0.0.1:${port}/`;
const rpc = async (method, params) => (await (await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json());
try {
  // web3.js Connection works unchanged against the shim
  const conn = new Connection(url, "finalized");
  const kp = Keypair.generate();
  const sig = await conn.requestAirdrop(kp.publicKey, 2_000_000_000);
  await conn.confirmTransaction(sig, "finalized");
  console.log("balance", await conn.getBalance(kp.publicKey), "slot", await conn.getSlot(), "bh", await conn.getBlockHeight());
  const { mint } = (await rpc("devnet_createMint", [{ decimals: 2 }])).result;
  const A = (await rpc("devnet_createTokenAccount", [{ mint, owner: kp.publicKey.toBase58() }])).result.account;
  const B = (await rpc("devnet_createTokenAccount", [{ mint }])).result.account;
  await rpc("devnet_mintTo", [{ mint, account: A, amount: "100" }]);
  const mi = await getMint(conn, new PublicKey(mint));
  console.log("getMint via spl-token:", mi.supply, mi.decimals, mi.mintAuthority.toBase58());
  const ai = await getAccount(conn, new PublicKey(A));
  console.log("getAccount via spl-token:", ai.amount, ai.owner.toBase58() === kp.publicKey.toBase58());
  console.log("tokenSupply via web3:", JSON.stringify((await conn.getTokenSupply(new PublicKey(mint))).value));
  console.log("parsed", JSON.stringify((await conn.getParsedAccountInfo(new PublicKey(A))).value.data));
  // v0 transaction, client-signed: transfer 30 tokens A->B
  const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash();
  const msg = new TransactionMessage({ payerKey: kp.publicKey, recentBlockhash: blockhash, instructions: [createTransferInstruction(new PublicKey(A), new PublicKey(B), kp.publicKey, 30n)] }).compileToV0Message();
  const vtx = new VersionedTransaction(msg); vtx.sign([kp]);
  const sim = await conn.simulateTransaction(vtx);
  console.log("simulate", JSON.stringify(sim.value.err), sim.value.logs.length, sim.value.unitsConsumed);
  const s2 = await conn.sendTransaction(vtx);
  await conn.confirmTransaction({ signature: s2, blockhash, lastValidBlockHeight }, "finalized");
  console.log("no maxSupported:", JSON.stringify((await rpc("getTransaction", [s2])).error));
  const t2 = await conn.getParsedTransaction(s2, { maxSupportedTransactionVersion: 0 });
  console.log("v0 tx version", t2.version, t2.transaction.message.instructions[0].parsed.type, t2.meta.postTokenBalances.map(x => x.uiTokenAmount.amount));
  const t3 = await conn.getTransaction(s2, { maxSupportedTransactionVersion: 0 });
  console.log("getTransaction(web3)", t3.slot, t3.meta.fee, t3.transaction.message.staticAccountKeys.length);
  // failing tx with skipPreflight: lands with err, fee charged
  const bh2 = (await conn.getLatestBlockhash()).blockhash;
  const tx = new Transaction({ feePayer: kp.publicKey, recentBlockhash: bh2 }).add(createTransferInstruction(new PublicKey(A), new PublicKey(B), kp.publicKey, 1000n));
  tx.sign(kp);
  try { await conn.sendRawTransaction(tx.serialize()); } catch (e) { console.log("preflight rejects:", e.message.split("\n")[0]); }
  const s3 = await conn.sendRawTransaction(tx.serialize(), { skipPreflight: true });
  const st = await conn.getSignatureStatus(s3);
  console.log("skipPreflight landed with err:", JSON.stringify(st.value.err), st.value.confirmationStatus);
  const hist = await conn.getSignaturesForAddress(new PublicKey(A));
  console.log("history A:", hist.map((h) => [h.slot, h.err ? "ERR" : "ok"]));
  const pt = await conn.getParsedTransaction(s3, { maxSupportedTransactionVersion: 0 });
  console.log("failed tx meta.err", JSON.stringify(pt.meta.err), pt.meta.fee, pt.meta.preTokenBalances.map(x=>x.uiTokenAmount.amount), pt.meta.postTokenBalances.map(x=>x.uiTokenAmount.amount));
  const blk = await conn.getBlock(pt.slot, { maxSupportedTransactionVersion: 0 });
  console.log("block", blk.blockHeight, blk.transactions.length, blk.parentSlot);
  console.log("largest", JSON.stringify((await conn.getTokenLargestAccounts(new PublicKey(mint))).value));
  console.log("byOwner", (await conn.getParsedTokenAccountsByOwner(kp.publicKey, { mint: new PublicKey(mint) })).value.map(v => v.account.data.parsed.info.tokenAmount.amount));
  console.log("epochInfo", JSON.stringify(await conn.getEpochInfo()));
} catch (e) { console.error("FAILED", e); } finally { child.stdin.end(); }
