import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.assay.chain.bitcoin.BitcoinIndexer;
import io.assay.chain.bitcoin.BlockReader;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.descriptor.Descriptor;
import io.assay.devnet.DevnetPaths;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Block;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mainnet-like Bitcoin backends benchmark (issue 20): a litecoind regtest chain of ~1 MB blocks with thousands of
 * transactions each, built directly (not through the wallet, which is far too slow): coinbases pay an
 * anyone-can-spend P2SH(OP_TRUE) script; transactions spend such outputs without signatures (P2SH inputs carry
 * signature-sized dummy pushes, P2WSH(OP_TRUE) inputs a one-item witness), pay a mainnet-like mix of outputs (P2WPKH,
 * P2PKH, P2TR to random keys; P2SH/P2WSH anyone-can-spend), and are mined with {@code generateblock} (consensus
 * rules apply, standardness does not). Every 50th block pays one of the first 8 children of the reserve descriptor.
 *
 * <p>{@code -Dphase=build -Dblocks=N -Dwork=/work/bench-data/btc} builds N more blocks (run it niced; resumable: the
 * spendable outputs are kept in {@code pool.bin}; a file {@code STOP} in the work folder ends it at the next 50-block
 * boundary, node stopped cleanly); {@code -Dphase=sample -DparseSample=300} writes the parse sample of BlockParseBench (JMH);
 * {@code -Dphase=measure}
 * measures, on the same data directory: the raw REST fetch + bitcoinj {@code Block.read} limit, REST + Assay's
 * {@code BlockReader}, parse-only on a sample, and Assay's backfill with {@code full}, {@code filters} (Core) and
 * {@code history} (Esplora: a stand-in server in this file, see {@link BenchEsplora}) for 10, 1,000 and 100,000
 * tracked scripts. See bench/RESULTS.md "Bitcoin backends".
 */
public final class MainnetLikeBench {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** P2SH(OP_TRUE): OP_HASH160 <hash160(51)> OP_EQUAL. */
    private static final byte[] P2SH_TRUE = HEX.parseHex("a914da1745e9b549bd0bfa1a569971c77eba30cd5a4b87");
    /** P2WSH(OP_TRUE): OP_0 <sha256(51)>. */
    private static final byte[] P2WSH_TRUE = HEX.parseHex(
            "00204ae81572f06e1b88fd5ced7a1a000945432e83e1551e6f721ee9c00b8cc33260");
    private static final int SPARSE_CHILDREN = 8;
    private static final int REORG_DEPTH = 100;
    private static final AtomicLong BYTES = new AtomicLong();

    record Coin(byte[] txid, int vout, long sats, boolean witness) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("work", "/work/bench-data/btc")).toAbsolutePath();
        String phase = System.getProperty("phase", "build");
        DeterministicKey master = HDKeyDerivation.createMasterPrivateKey(
                HEX.parseHex("0f0e0d0c0b0a09080706050403020100"));
        String descriptor = "wpkh(" + master.serializePubB58(BitcoinNetwork.TESTNET) + "/0/*)";
        Descriptor d = Descriptor.parse(descriptor, BitcoinNetwork.REGTEST);
        List<byte[]> sparse = new ArrayList<>();
        for (int i = 0; i < SPARSE_CHILDREN; i++) {
            sparse.add(d.scriptAt(i));
        }
        try (Node node = Node.start(work.resolve("node"))) {
            if (phase.equals("build")) {
                build(node, Integer.getInteger("blocks", 2000), sparse);
            } else if (phase.equals("sample")) {
                sample(node, Integer.getInteger("parseSample", 300),
                        Path.of(System.getProperty("out", "bench/target/data/mainnet-like-blocks.bin")));
            } else {
                measure(node, work, descriptor, d);
            }
        }
    }

    // ---------------------------------------------------------------- the node

    /** litecoind regtest on a fixed data directory, stopped (by RPC, then by its PID) on close. */
    record Node(Process process, JsonRpcClient rpc, URI url, String rest) implements AutoCloseable {
        static Node start(Path dir) throws Exception {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Files.writeString(dir.resolve("litecoin.conf"), String.join("\n", "regtest=1", "server=1", "rest=1",
                    "listen=0", "dnsseed=0", "printtoconsole=0", "rpcworkqueue=256", "rpcthreads=8", "[regtest]",
                    "rpcbind=127.0.0.1", "rpcallowip=127.0.0.1", "rpcport=" + port, "rpcuser=bench",
                    "rpcpassword=bench", ""));
            Process p = new ProcessBuilder(DevnetPaths.litecoind().toString(), "-datadir=" + dir,
                    "-vbparams=mweb:9999999999:9999999999:0:0", "-blockfilterindex=1", "-dbcache=2000",
                    "-disablewallet=1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            System.out.println("litecoind PID " + p.pid());
            URI url = URI.create("http://bench:bench@127.0.0.1:" + port + "/");
            JsonRpcClient rpc = new JsonRpcClient(url, Duration.ofSeconds(600));
            long until = System.nanoTime() + 300_000_000_000L;
            while (true) {
                try {
                    rpc.call("getblockcount");
                    break;
                } catch (RuntimeException e) {
                    if (!p.isAlive() || System.nanoTime() > until) {
                        p.destroyForcibly();
                        throw e;
                    }
                    Thread.sleep(200); // waiting for the node to load its chain, with a deadline
                }
            }
            return new Node(p, rpc, url, "http://127.0.0.1:" + port + "/rest");
        }

        @Override
        public void close() {
            try {
                rpc.call("stop");
                process.waitFor(900, java.util.concurrent.TimeUnit.SECONDS); // flushing a 2 GB coins cache takes minutes on a busy machine
            } catch (Exception e) {
                // fall through to the kill
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- building

    private static void build(Node node, int blocks, List<byte[]> sparse) throws Exception {
        JsonRpcClient rpc = node.rpc();
        String cbDesc = "raw(" + HEX.formatHex(P2SH_TRUE) + ")";
        cbDesc += "#" + rpc.call("getdescriptorinfo", cbDesc).path("checksum").asText();
        long height = rpc.call("getblockcount").asLong();
        if (height < 250) {
            rpc.call("generatetodescriptor", 250 - height, cbDesc);
        }
        // the pool: mature coinbases (blocks 1..150), then every anyone-can-spend output of the built blocks
        Path poolFile = Path.of(System.getProperty("work", "/work/bench-data/btc"), "pool.bin");
        List<Coin> pool = new ArrayList<>();
        if (Files.exists(poolFile)) {
            pool = readPool(poolFile);
        } else {
            for (long h = 1; h <= 150; h++) {
                JsonNode b = rpc.call("getblock", rpc.call("getblockhash", h).asText(), 2);
                JsonNode cb = b.path("tx").get(0);
                pool.add(new Coin(reverse(HEX.parseHex(cb.path("txid").asText())), 0,
                        new BigDecimal(cb.path("vout").get(0).path("value").asText()).movePointRight(8).longValueExact(),
                        false));
            }
        }
        Random rnd = new Random(20 + rpc.call("getblockcount").asLong());
        long start = rpc.call("getblockcount").asLong();
        byte[] tipHash = reverse(HEX.parseHex(rpc.call("getblockhash", start).asText()));
        java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>(); // the last 11 block times (median time past)
        for (long t = Math.max(0, start - 10); t <= start; t++) {
            times.addLast(rpc.call("getblockheader", rpc.call("getblockhash", t).asText()).path("time").asLong());
        }
        long t0 = System.nanoTime();
        long bytes = 0;
        long txs = 0;
        int sparseNext = (int) (start % SPARSE_CHILDREN);
        Path stop = poolFile.resolveSibling("STOP");
        for (int n = 0; n < blocks; n++) {
            long h = start + 1 + n;
            if (Files.exists(stop) && n % 50 == 0) {
                Files.delete(stop);
                System.out.printf("stopped at #%d (STOP file)%n", h - 1);
                break;
            }
            List<byte[]> raw = new ArrayList<>();
            List<byte[]> txids = new ArrayList<>();
            List<byte[]> wtxids = new ArrayList<>();
            List<Coin> next = new ArrayList<>();
            int size = 1000; // header, coinbase, counts
            int weight = 4000;
            int used = 0;
            boolean payReserve = h % 50 == 7;
            while (used < pool.size()) {
                int pick = rnd.nextInt(100);
                int ins = pool.size() - used >= 3 ? (pick < 80 ? 1 : pick < 97 ? 2 : 3) : 1;
                List<Coin> in = pool.subList(used, used + ins);
                long total = 0;
                for (Coin c : in) {
                    total += c.sats();
                }
                List<byte[]> outs = new ArrayList<>();
                List<Long> values = new ArrayList<>();
                // fan out while the pool is small
                int fan = pool.size() < 6000 && total > 100_000_000L ? 40 : 0;
                for (int i = 0; i < fan; i++) {
                    outs.add(i % 2 == 0 ? P2WSH_TRUE : P2SH_TRUE);
                    values.add(total / (fan + 1));
                }
                if (payReserve) {
                    outs.add(sparse.get(sparseNext++ % SPARSE_CHILDREN));
                    values.add(1_000_000L);
                    payReserve = false;
                }
                int kind = rnd.nextInt(100);
                if (pool.size() > 100_000 && kind >= 65 && kind < 77) {
                    kind = 0; // the pool is large enough: about as many spendable outputs as inputs from now on
                }
                byte[] pay = kind < 40 ? p2wpkh(rnd) : kind < 55 ? p2pkh(rnd) : kind < 65 ? p2tr(rnd)
                        : kind < 80 ? P2SH_TRUE : P2WSH_TRUE;
                outs.add(pay);
                // payments to the world are small; an anyone-can-spend payment stays in the pool, so it gets a share
                values.add(pay == P2SH_TRUE || pay == P2WSH_TRUE ? total / 3 : 546 + (long) rnd.nextInt(4000));
                if (rnd.nextInt(10) == 0) {
                    outs.add(p2wpkh(rnd));
                    values.add(546 + (long) rnd.nextInt(4000));
                }
                long spent = 0;
                for (long v : values) {
                    spent += v;
                }
                if (spent >= total) {
                    used += ins; // too small to spend: dropped from the pool
                    continue;
                }
                outs.add(rnd.nextBoolean() ? P2WSH_TRUE : P2SH_TRUE);
                values.add(total - spent);
                byte[][] tx = tx(in, outs, values);
                int txWeight = tx[1].length * 3 + tx[0].length;
                if (size + tx[1].length > 990_000 || weight + txWeight > 3_960_000) {
                    break;
                }
                size += tx[0].length;
                weight += txWeight;
                used += ins;
                raw.add(tx[0]);
                byte[] txid = sha256d(tx[1]);
                txids.add(txid);
                wtxids.add(tx[0] == tx[1] ? txid : sha256d(tx[0]));
                for (int i = 0; i < outs.size(); i++) {
                    byte[] s = outs.get(i);
                    if (s == P2SH_TRUE || s == P2WSH_TRUE) {
                        next.add(new Coin(txid, i, values.get(i), s == P2WSH_TRUE));
                    }
                }
            }
            tipHash = mine(rpc, h, tipHash, times, raw, txids, wtxids);
            List<Coin> rest = new ArrayList<>(pool.subList(used, pool.size()));
            rest.addAll(next);
            java.util.Collections.shuffle(rest, rnd);
            pool = rest;
            bytes += size;
            txs += raw.size() + 1;
            if (n % 50 == 49 || n == blocks - 1) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("built #%d: %d blocks, %d txs, %.0f MB in %.0f s (%.1f blocks/s); pool %d coins%n",
                        h, n + 1, txs, bytes / 1e6, s, (n + 1) / s, pool.size());
                writePool(poolFile, pool);
            }
        }
    }

    /**
     * Assembles block {@code height} on {@code prev} from {@code txs} and hands it to the node with {@code submitblock},
     * so the node validates it once ({@code generateblock} validates a block twice: TestBlockValidity, then the
     * connect; measured with {@code -debug=bench}, about a third of the node's time per block). The coinbase is what
     * {@code generateblock} made before: BIP 34 height, the regtest subsidy (halving every 150 blocks) to P2SH(OP_TRUE),
     * the BIP 141 witness commitment. Regtest proof of work (Litecoin: scrypt(1024,1,1) of the header, target from
     * 0x207fffff) needs about two tries. Returns the new block's hash (internal byte order).
     */
    private static byte[] mine(JsonRpcClient rpc, long height, byte[] prev, java.util.ArrayDeque<Long> times,
                               List<byte[]> txs, List<byte[]> txids, List<byte[]> wtxids) throws Exception {
        // witness commitment: Merkle root of the wtxids (the coinbase's counts as zero) with a zero reserved value
        List<byte[]> w = new ArrayList<>();
        w.add(new byte[32]);
        w.addAll(wtxids);
        byte[] commitment = sha256d(concat(merkleRoot(w), new byte[32]));
        ByteArrayOutputStream cb = new ByteArrayOutputStream();
        BitcoinBenchSupport.le(cb, 2, 4);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BitcoinBenchSupport.varint(body, 1);
        body.writeBytes(new byte[32]);
        BitcoinBenchSupport.le(body, 0xffffffffL, 4);
        byte[] heightBytes = java.math.BigInteger.valueOf(height).toByteArray(); // big-endian, sign bit clear
        byte[] scriptSig = new byte[heightBytes.length + 3];
        scriptSig[0] = (byte) heightBytes.length;
        for (int i = 0; i < heightBytes.length; i++) {
            scriptSig[1 + i] = heightBytes[heightBytes.length - 1 - i];
        }
        scriptSig[heightBytes.length + 1] = 1; // extra nonce, as generateblock writes it
        scriptSig[heightBytes.length + 2] = 1;
        BitcoinBenchSupport.varint(body, scriptSig.length);
        body.writeBytes(scriptSig);
        BitcoinBenchSupport.le(body, 0xffffffffL, 4);
        BitcoinBenchSupport.varint(body, 2);
        long subsidy = height / 150 >= 64 ? 0 : (50L * 100_000_000L) >> (height / 150);
        BitcoinBenchSupport.le(body, subsidy, 8);
        BitcoinBenchSupport.varint(body, P2SH_TRUE.length);
        body.writeBytes(P2SH_TRUE);
        BitcoinBenchSupport.le(body, 0, 8);
        byte[] commit = concat(HEX.parseHex("6a24aa21a9ed"), commitment);
        BitcoinBenchSupport.varint(body, commit.length);
        body.writeBytes(commit);
        byte[] b = body.toByteArray();
        byte[] stripped = concat(concat(cb.toByteArray(), b), new byte[4]);
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        full.writeBytes(cb.toByteArray());
        full.write(0);
        full.write(1);
        full.writeBytes(b);
        BitcoinBenchSupport.varint(full, 1); // the coinbase witness: one item, the 32-byte reserved value
        BitcoinBenchSupport.varint(full, 32);
        full.writeBytes(new byte[32]);
        BitcoinBenchSupport.le(full, 0, 4);
        List<byte[]> ids = new ArrayList<>();
        ids.add(sha256d(stripped));
        ids.addAll(txids);
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        long time = Math.max(System.currentTimeMillis() / 1000, sorted[sorted.length / 2] + 1);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        BitcoinBenchSupport.le(header, 0x20000000L, 4);
        header.writeBytes(prev);
        header.writeBytes(merkleRoot(ids));
        BitcoinBenchSupport.le(header, time, 4);
        BitcoinBenchSupport.le(header, 0x207fffffL, 4);
        BitcoinBenchSupport.le(header, 0, 4);
        byte[] head = header.toByteArray();
        java.math.BigInteger target = java.math.BigInteger.valueOf(0x7fffffL).shiftLeft(8 * (0x20 - 3));
        for (int nonce = 0; ; nonce++) {
            head[76] = (byte) nonce;
            head[77] = (byte) (nonce >>> 8);
            head[78] = (byte) (nonce >>> 16);
            head[79] = (byte) (nonce >>> 24);
            byte[] pow = org.bouncycastle.crypto.generators.SCrypt.generate(head, head, 1024, 1, 1, 32);
            if (new java.math.BigInteger(1, reverse(pow)).compareTo(target) <= 0) {
                break;
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(head);
        BitcoinBenchSupport.varint(block, txs.size() + 1L);
        block.writeBytes(full.toByteArray());
        for (byte[] t : txs) {
            block.writeBytes(t);
        }
        JsonNode r = rpc.call("submitblock", HEX.formatHex(block.toByteArray()));
        if (!r.isNull()) {
            throw new IllegalStateException("block " + height + " refused: " + r);
        }
        times.addLast(time);
        if (times.size() > 11) {
            times.removeFirst();
        }
        return sha256d(head);
    }

    private static byte[] merkleRoot(List<byte[]> leaves) throws Exception {
        List<byte[]> level = leaves;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] l = level.get(i);
                up.add(sha256d(concat(l, i + 1 < level.size() ? level.get(i + 1) : l)));
            }
            level = up;
        }
        return level.get(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** [serialization with witness, serialization without (hashes to the txid)]. */
    private static byte[][] tx(List<Coin> in, List<byte[]> outs, List<Long> values) {
        boolean witness = in.stream().anyMatch(Coin::witness);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        BitcoinBenchSupport.le(head, 2, 4);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BitcoinBenchSupport.varint(body, in.size());
        for (Coin c : in) {
            body.writeBytes(c.txid());
            BitcoinBenchSupport.le(body, c.vout(), 4);
            if (c.witness()) {
                BitcoinBenchSupport.varint(body, 0);
            } else {
                // a P2PKH-sized scriptSig: <72-byte "signature"> <33-byte "key"> <redeem script OP_TRUE>
                byte[] ss = new byte[1 + 72 + 1 + 33 + 2];
                ss[0] = 72;
                ss[1] = 0x30;
                ss[73] = 33;
                ss[74] = 0x02;
                ss[107] = 1;
                ss[108] = 0x51;
                BitcoinBenchSupport.varint(body, ss.length);
                body.writeBytes(ss);
            }
            BitcoinBenchSupport.le(body, 0xfffffffdL, 4);
        }
        BitcoinBenchSupport.varint(body, outs.size());
        for (int i = 0; i < outs.size(); i++) {
            BitcoinBenchSupport.le(body, values.get(i), 8);
            BitcoinBenchSupport.varint(body, outs.get(i).length);
            body.writeBytes(outs.get(i));
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        stripped.writeBytes(head.toByteArray());
        stripped.writeBytes(b);
        BitcoinBenchSupport.le(stripped, 0, 4);
        if (!witness) {
            byte[] s = stripped.toByteArray();
            return new byte[][]{s, s};
        }
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        full.writeBytes(head.toByteArray());
        full.write(0);
        full.write(1);
        full.writeBytes(b);
        for (Coin c : in) {
            if (c.witness()) {
                BitcoinBenchSupport.varint(full, 1);
                BitcoinBenchSupport.varint(full, 1);
                full.write(0x51);
            } else {
                BitcoinBenchSupport.varint(full, 0);
            }
        }
        BitcoinBenchSupport.le(full, 0, 4);
        return new byte[][]{full.toByteArray(), stripped.toByteArray()};
    }

    private static byte[] p2wpkh(Random r) {
        byte[] s = new byte[22];
        s[1] = 20;
        fill(r, s, 2, 20);
        return s;
    }

    private static byte[] p2pkh(Random r) {
        byte[] s = new byte[25];
        s[0] = 0x76;
        s[1] = (byte) 0xa9;
        s[2] = 20;
        fill(r, s, 3, 20);
        s[23] = (byte) 0x88;
        s[24] = (byte) 0xac;
        return s;
    }

    private static byte[] p2tr(Random r) {
        byte[] s = new byte[34];
        s[0] = 0x51;
        s[1] = 32;
        fill(r, s, 2, 32);
        return s;
    }

    private static void fill(Random r, byte[] s, int off, int n) {
        for (int i = 0; i < n; i++) {
            s[off + i] = (byte) r.nextInt();
        }
    }

    private static void writePool(Path f, List<Coin> pool) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pool.size() * 45 + 4);
        b.putInt(pool.size());
        for (Coin c : pool) {
            b.put(c.txid()).putInt(c.vout()).putLong(c.sats()).put((byte) (c.witness() ? 1 : 0));
        }
        Files.write(f, b.array());
    }

    private static List<Coin> readPool(Path f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        int n = b.getInt();
        List<Coin> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] t = new byte[32];
            b.get(t);
            out.add(new Coin(t, b.getInt(), b.getLong(), b.get() == 1));
        }
        return out;
    }

    // ---------------------------------------------------------------- measuring

    private static void measure(Node node, Path work, String descriptor, Descriptor d) throws Exception {
        JsonRpcClient rpc = node.rpc();
        long tip = rpc.call("getblockcount").asLong();
        // the filter index catches up on its own thread
        String last = rpc.call("getblockhash", tip).asText();
        BitcoinBenchSupport.awaitFilterIndex(rpc, last, 3_600_000_000_000L, 500);
        long txs = rpc.call("getchaintxstats", tip - 1, last).path("txcount").asLong();
        int parallelism = Integer.getInteger("parallelism", 4);
        int runs = Integer.getInteger("runs", 1);
        String[] sizes = System.getProperty("sizes", "10,1000,100000").split(",");
        int maxSize = 0;
        for (String s : sizes) {
            maxSize = Math.max(maxSize, Integer.parseInt(s.trim()));
        }
        System.out.printf("chain: %d blocks, %d transactions; load %s%n", tip + 1, txs,
                Files.readString(Path.of("/proc/loadavg")).trim());
        // the Esplora stand-in indexes the histories of every script any run may watch (the largest window)
        List<byte[]> watchable = new ArrayList<>();
        for (int i = 0; i < maxSize; i++) {
            watchable.add(d.scriptAt(i));
        }
        long ti = System.nanoTime();
        try (BenchEsplora esplora = new BenchEsplora(node, watchable, tip)) {
            System.out.printf("esplora stand-in: histories of %d scripts indexed in %.0f s (%d transactions)%n",
                    watchable.size(), (System.nanoTime() - ti) / 1e9, esplora.indexed);
            List<double[]> raw = new ArrayList<>();
            List<double[]> rawReader = new ArrayList<>();
            long bytes = 0;
            for (int r = 0; r < runs; r++) {
                BYTES.set(0);
                raw.add(BitcoinBenchSupport.rawRate(node.rpc(), node.rest(), tip, parallelism, 100, false, BYTES));
                bytes = BYTES.get();
                System.out.printf("  raw REST + bitcoinj: %.2f s%n", raw.get(r)[0]);
                rawReader.add(BitcoinBenchSupport.rawRate(node.rpc(), node.rest(), tip, parallelism, 100, true, BYTES));
                System.out.printf("  raw REST + BlockReader: %.2f s%n", rawReader.get(r)[0]);
            }
            double mb = bytes / 1e6;
            double[] parse = parseOnly(node, tip, Integer.getInteger("parseSample", 300));
            StringBuilder md = new StringBuilder();
            md.append(String.format("chain: %d blocks, %d transactions, %.1f MB (%.1f kB per block, %.0f transactions"
                    + " per block); %d run(s), medians; fetch parallelism %d%n%n", tip + 1, txs, mb,
                    bytes / 1e3 / (tip + 1), (double) txs / (tip + 1), runs, parallelism));
            BitcoinBenchSupport.appendLimitRows(md, raw, rawReader, mb, tip);
            for (String n : sizes) {
                int size = Integer.parseInt(n.trim());
                Map<String, double[]> byMode = new LinkedHashMap<>();
                Map<String, Long> balances = new LinkedHashMap<>();
                for (String mode : System.getProperty("modes", "full,filters,history").split(",")) {
                    List<double[]> rs = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        double[] v = backendRate(node, esplora, work.resolve("store-" + mode + "-" + size + "-" + r),
                                descriptor, size, mode, tip, parallelism, balances);
                        rs.add(v);
                        System.out.printf("  %s, %d scripts: %.2f s, %d blocks read, %d skipped, %d histories%n",
                                mode, size, v[0], (long) v[2], (long) v[3], (long) v[4]);
                    }
                    byMode.put(mode, BitcoinBenchSupport.median(rs));
                }
                double full = byMode.containsKey("full") ? byMode.get("full")[0] : Double.NaN;
                for (Map.Entry<String, double[]> e : byMode.entrySet()) {
                    double[] v = e.getValue();
                    md.append(String.format("| Assay, `backfill: %s`%s | %,d | %.2f | %.0f | %.1f | %d | %.1fx |%n",
                            e.getKey(), e.getKey().equals("history") ? " (Esplora)" : "", size, v[0], v[1], mb / v[0],
                            (long) v[2], full / v[0]));
                }
            }
            md.append(String.format("%nparse only, in memory, one thread, first %d blocks after #250 (%.0f MB):"
                    + " bitcoinj `Block.read` %.1f blocks/s (%.0f MB/s), `BlockReader.wrap` %.1f blocks/s (%.0f MB/s):"
                    + " BlockReader / bitcoinj = %.2f%n", (long) parse[4], parse[5] / 1e6, parse[0], parse[1] / 1e6,
                    parse[2], parse[3] / 1e6, parse[2] / parse[0]));
            md.append(String.format("load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim()));
            System.out.println();
            System.out.print(md);
            Files.writeString(work.resolve("results-mainnet-like.md"), md.toString());
        }
    }

    /**
     * Writes the first {@code count} blocks after the regtest start (#251 on) as 4-byte big-endian length + raw block:
     * the sample BlockParseBench (JMH, bench/src) parses.
     */
    private static void sample(Node node, int count, Path out) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Files.createDirectories(out.toAbsolutePath().getParent());
        long tip = node.rpc().call("getblockcount").asLong();
        long bytes = 0;
        int n = 0;
        try (java.io.DataOutputStream data = new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(out)))) {
            for (long h = 251; h <= Math.min(tip, 250L + count); h++, n++) {
                byte[] b = BitcoinBenchSupport.get(http,
                        node.rest() + "/block/" + node.rpc().call("getblockhash", h).asText() + ".bin");
                data.writeInt(b.length);
                data.write(b);
                bytes += b.length;
            }
        }
        System.out.printf("sample: %d blocks (#251-#%d), %.1f MB -> %s%n", n, 250 + n, bytes / 1e6, out);
    }

    /** bitcoinj blocks/s, bytes/s, BlockReader blocks/s, bytes/s, blocks, bytes: parse only, in memory. */
    private static double[] parseOnly(Node node, long tip, int sample) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<byte[]> blocks = new ArrayList<>();
        long bytes = 0;
        for (long h = 251; h <= Math.min(tip, 250 + sample); h++) {
            byte[] b = BitcoinBenchSupport.get(http, node.rest() + "/block/" + node.rpc().call("getblockhash", h).asText() + ".bin");
            blocks.add(b);
            bytes += b.length;
        }
        double[] out = new double[6];
        for (int pass = 0; pass < 3; pass++) { // the last pass counts (warm)
            long t = System.nanoTime();
            for (byte[] b : blocks) {
                Block.read(ByteBuffer.wrap(b)).getTransactions().size();
            }
            double s = (System.nanoTime() - t) / 1e9;
            out[0] = blocks.size() / s;
            out[1] = bytes / s;
            BlockReader r = new BlockReader();
            t = System.nanoTime();
            for (byte[] b : blocks) {
                r.wrap(b).txCount();
            }
            s = (System.nanoTime() - t) / 1e9;
            out[2] = blocks.size() / s;
            out[3] = bytes / s;
        }
        out[4] = blocks.size();
        out[5] = bytes;
        return out;
    }

    /**
     * One backfill of the whole chain with a reserve of {@code size} scripts: seconds (from start, after the store
     * was opened and the scripts derived), blocks/s, blocks read, blocks skipped, histories read.
     */
    private static double[] backendRate(Node node, BenchEsplora esplora, Path dir, String descriptor, int size,
                                        String mode, long tip, int parallelism, Map<String, Long> balances)
            throws IOException {
        BitcoinBenchSupport.deleteTree(dir);
        ChainLimits limits = new ChainLimits(1, 16, parallelism, 0, Duration.ofSeconds(120), REORG_DEPTH,
                Duration.ofMillis(100), 0);
        Endpoint ep = mode.equals("history") ? new Endpoint(esplora.url(), Endpoint.ESPLORA) : new Endpoint(node.url());
        ChainProfile chain = new ChainProfile("bitcoin", "bench", ChainFamily.BITCOIN, 0, "regtest",
                Finality.ofConfirmations(0), List.of(ep), null, Duration.ofSeconds(1), 0, limits, mode);
        AssetProfile asset = new AssetProfile("bench", "bench", "bench", "BENCH", 8,
                List.of(new ReserveSource("hd", "bitcoin", SourceKind.DESCRIPTOR, descriptor, null, 8, size)),
                List.of(), List.of(), new AssetPolicy(100, Duration.ofHours(1), BigDecimal.ONE, Duration.ofHours(1)));
        Profiles profiles = new Profiles(Map.of("bitcoin", chain), Map.of("bench", asset));
        try (Store store = Stores.open(dir, StoreOptions.defaults())) {
            store.state("bitcoin", "indexer");
            BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null); // derives the window
            double s = BitcoinBenchSupport.indexToTip(ix, tip) / 1e9;
            long balance = BitcoinBenchSupport.agreedBalance(store, balances, size, mode);
            if (balance == 0) {
                throw new IllegalStateException("the reserve holds nothing: the sparse payments were not made");
            }
            long fetched = ix.reader().blocksFetched();
            long skipped = ix.reader().blocksSkipped();
            BitcoinBenchSupport.deleteTree(dir);
            return new double[]{s, (tip + 1) / s, fetched, skipped, ix.historiesRead()};
        }
    }

    // ---------------------------------------------------------------- an Esplora stand-in

    /**
     * The part of Esplora's HTTP API that {@code backfill: history} reads, served from the bench's litecoind: there
     * is no Esplora (electrs) server here. Blocks are proxied ({@code /blocks/:start_height} from
     * {@code getblockheader}, raw blocks from REST); script histories come from an index this server builds once
     * before the runs (as electrs does), over the scripts the runs may watch: every block read with
     * {@code BlockReader}, outputs paying one of them and inputs spending those outputs. A script outside that set
     * has an empty history here (the runs never ask for one).
     */
    static final class BenchEsplora implements AutoCloseable {
        final HttpServer server;
        final ExecutorService handlers = Executors.newFixedThreadPool(8);
        final Node node;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        /** script hash (hex) -> transactions, newest first. */
        final Map<String, List<ObjectNode>> byScript = new HashMap<>();
        long indexed;

        BenchEsplora(Node node, List<byte[]> scripts, long tip) throws Exception {
            this.node = node;
            Map<ByteBuffer, String> wanted = new HashMap<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] s : scripts) {
                wanted.put(ByteBuffer.wrap(s), HEX.formatHex(sha.digest(s)));
            }
            Map<ByteBuffer, String> outpoints = new HashMap<>(); // outpoint -> script hash
            Map<String, List<ObjectNode>> oldestFirst = new HashMap<>();
            BlockReader r = new BlockReader();
            // blocks are fetched ahead on a small pool (the node serves while this thread indexes), read in order
            ExecutorService fetch = Executors.newFixedThreadPool(3);
            java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
            long queued = 0;
            for (long h = 0; h <= tip; h++) {
                while (queued <= tip && queued < h + 16) {
                    long at = queued++;
                    ahead.addLast(fetch.submit(() -> BitcoinBenchSupport.get(http,
                            node.rest() + "/block/" + node.rpc().call("getblockhash", at).asText() + ".bin")));
                }
                byte[] raw = ahead.removeFirst().get();
                r.wrap(raw);
                String hash = r.hash().toString();
                byte[] buf = r.buffer();
                while (r.nextTx()) {
                    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
                    while (r.nextInput()) {
                        if (r.isCoinbaseInput()) {
                            continue;
                        }
                        String sh = outpoints.remove(ByteBuffer.wrap(buf, r.prevTxidOffset(), 36).slice());
                        if (sh != null) {
                            touched.add(sh);
                        }
                    }
                    byte[] txid = null;
                    int vout = 0;
                    while (r.nextOutput()) {
                        String sh = wanted.get(ByteBuffer.wrap(buf, r.scriptOffset(), r.scriptLength()).slice());
                        if (sh != null) {
                            touched.add(sh);
                            if (txid == null) {
                                txid = java.util.Arrays.copyOfRange(r.txidBuffer(), r.txidOffset(),
                                        r.txidOffset() + 32);
                            }
                            byte[] op = new byte[36];
                            System.arraycopy(txid, 0, op, 0, 32);
                            op[32] = (byte) vout;
                            op[33] = (byte) (vout >>> 8);
                            outpoints.put(ByteBuffer.wrap(op), sh);
                        }
                        vout++;
                    }
                    if (!touched.isEmpty()) {
                        ObjectNode t = F.objectNode();
                        t.put("txid", r.txid().toString());
                        ObjectNode st = t.putObject("status");
                        st.put("confirmed", true);
                        st.put("block_height", h);
                        st.put("block_hash", hash);
                        t.putArray("vin");
                        t.putArray("vout");
                        for (String sh : touched) {
                            oldestFirst.computeIfAbsent(sh, k -> new ArrayList<>()).add(t);
                        }
                        indexed++;
                    }
                }
            }
            fetch.shutdown();
            oldestFirst.forEach((k, v) -> {
                List<ObjectNode> l = new ArrayList<>(v);
                java.util.Collections.reverse(l);
                byScript.put(k, l);
            });
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(handlers);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String[] p = ex.getRequestURI().getPath().substring(5).split("/");
                JsonRpcClient rpc = node.rpc();
                try {
                    if (p.length == 3 && p[0].equals("blocks") && p[1].equals("tip")) {
                        send(ex, 200, rpc.call("getblockcount").asText().getBytes(StandardCharsets.UTF_8));
                    } else if (p.length == 2 && p[0].equals("block-height")) {
                        long h = Long.parseLong(p[1]);
                        if (h > rpc.call("getblockcount").asLong()) {
                            send(ex, 404, "Block not found".getBytes(StandardCharsets.UTF_8));
                        } else {
                            send(ex, 200, rpc.call("getblockhash", h).asText().getBytes(StandardCharsets.UTF_8));
                        }
                    } else if (p.length == 2 && p[0].equals("blocks")) {
                        long start = Math.min(Long.parseLong(p[1]), rpc.call("getblockcount").asLong());
                        List<JsonRpcClient.Call> calls = new ArrayList<>();
                        for (long h = start; h >= 0 && h > start - 10; h--) {
                            calls.add(new JsonRpcClient.Call("getblockhash", h));
                        }
                        List<JsonRpcClient.Call> headers = new ArrayList<>();
                        for (JsonNode hash : rpc.batch(calls)) {
                            headers.add(new JsonRpcClient.Call("getblockheader", hash.asText(), true));
                        }
                        ArrayNode out = F.arrayNode();
                        for (JsonNode b : rpc.batch(headers)) {
                            ObjectNode o = out.addObject();
                            o.put("id", b.path("hash").asText());
                            o.put("height", b.path("height").asLong());
                            o.put("version", b.path("version").asLong());
                            o.put("timestamp", b.path("time").asLong());
                            o.put("tx_count", b.path("nTx").asLong());
                            o.put("merkle_root", b.path("merkleroot").asText());
                            o.put("previousblockhash", b.path("previousblockhash").asText(null));
                            o.put("nonce", b.path("nonce").asLong());
                            o.put("bits", Long.parseLong(b.path("bits").asText(), 16));
                        }
                        send(ex, 200, out.toString().getBytes(StandardCharsets.UTF_8));
                    } else if (p.length == 3 && p[0].equals("block") && p[2].equals("raw")) {
                        send(ex, 200, BitcoinBenchSupport.get(http, node.rest() + "/block/" + p[1] + ".bin"));
                    } else if (p.length >= 4 && p[0].equals("scripthash") && p[3].equals("chain")) {
                        List<ObjectNode> txs = byScript.getOrDefault(p[1], List.of());
                        int start = 0;
                        if (p.length == 5) {
                            start = -1;
                            for (int i = 0; i < txs.size(); i++) {
                                if (txs.get(i).path("txid").asText().equals(p[4])) {
                                    start = i + 1;
                                }
                            }
                            if (start < 0) {
                                send(ex, 400, "unknown last_seen_txid".getBytes(StandardCharsets.UTF_8));
                                return;
                            }
                        }
                        ArrayNode out = F.arrayNode();
                        for (int i = start; i < txs.size() && i < start + 25; i++) {
                            out.add(txs.get(i));
                        }
                        send(ex, 200, out.toString().getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(ex, 404, "unknown path".getBytes(StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    send(ex, 503, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] sha256d(byte[] b) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        return d.digest(d.digest(b));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

}
