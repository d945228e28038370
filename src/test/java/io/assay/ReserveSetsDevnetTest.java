package io.assay;

import com.sun.net.httpserver.HttpServer;
import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainSync;
import io.assay.chain.RetryPolicy;
import io.assay.chain.bitcoin.BitcoinIndexer;
import io.assay.chain.evm.EvmIndexers;
import io.assay.chain.evm.SetMembershipIndexer;
import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.config.ProfileLoader;
import io.assay.config.ReserveSource;
import io.assay.config.SetProfiles;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.offchain.HttpSetPoller;
import io.assay.por.PorEngine;
import io.assay.por.ReserveSetView;
import io.assay.por.ReserveSetsAt;
import io.assay.store.Point;
import io.assay.store.SetMembers;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes20;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The must-show scenario of reserve sets, on real nodes: an asset's Bitcoin reserves are three sets whose membership
 * changes over time — a PoRAddressList contract and tBTC-style wallet events on anvil, a plain-array HTTP list served
 * by a small server in the test tree — and their members' coins are on litecoind regtest, indexed by the Bitcoin
 * indexer, which starts watching each member when it enters (its existing coins found by the coin lookup). Block
 * times are set on both nodes so that every membership change has a known moment; at each moment the reserves are
 * exactly the balances of the members in force then. A reorg of the list chain rolls a member's entry back.
 *
 * <p>The list contract and wallet registry are faithful implementations of the documented interfaces
 * (chains/devnet/contracts/ReserveSetTestContracts.sol): @chainlink/contracts ships no PoRAddressList.
 */
class ReserveSetsDevnetTest {
    private static final long BTC = 100_000_000L;
    private static final String OWNER = EvmNode.DEV_ACCOUNT;

    @TempDir
    Path dir;

    final List<String> httpList = new CopyOnWriteArrayList<>();

    static byte[] hash20(int i) {
        byte[] h = new byte[20];
        h[0] = (byte) 0xa5;
        h[1] = (byte) i;
        h[19] = (byte) (i * 13);
        return h;
    }

    static String script(int i) {
        return "0014" + HexFormat.of().formatHex(hash20(i));
    }

    static String address(int i) {
        return SegwitAddress.fromProgram(BitcoinNetwork.REGTEST, 0, hash20(i)).toString();
    }

    static final class SetClock extends Clock {
        volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void await(String what, BooleanSupplier done) {
        Poll.until(Duration.ofSeconds(90), what, done);
    }

    private static long checkpoint(Store store, String chain) {
        return store.checkpoint(chain).map(c -> c.height()).orElse(-1L);
    }

    @Test
    void setsGrowAndShrinkAndHistoryAtEachMomentCountsExactlyTheMembersInForce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/reserves", ex -> {
            StringBuilder b = new StringBuilder("[");
            for (String a : httpList) {
                b.append(b.length() > 1 ? "," : "").append('"').append(a).append('"');
            }
            byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        List<AutoCloseable> closing = new ArrayList<>();
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
             BitcoinNode btc = BitcoinNode.startStandalone(dir.resolve("btc"))) {
            EvmNode eth = devnet.evm(1);
            Erc20 token = Erc20.deploy(eth, OWNER, "Wrapped", "WRS", 8);
            token.mint(OWNER, eth.accounts().get(1), BigInteger.valueOf(50 * BTC));
            String list = Contracts.deploy(eth, OWNER, "TestPoRAddressList", "");
            String registry = Contracts.deploy(eth, OWNER, "TestWalletRegistry", "");
            long listStart = eth.blockNumber() - 1;

            Path p = SetProfiles.write(dir.resolve("profiles"), eth.url().toString(),
                    "pollInterval: 50ms, maxReorgDepth: 64, batchSize: 10", btc.url().toString(),
                    SetProfiles.set("list", "contract: {chain: ethereum, address: \"" + list + "\", startBlock: "
                            + listStart + "}")
                            + SetProfiles.set("wallets", "events: {chain: ethereum, address: \"" + registry
                            + "\", startBlock: " + listStart + "}")
                            + SetProfiles.set("custody", "http: {url: \"http://127.0.0.1:" + server.getAddress().getPort()
                            + "/reserves\", form: array, maxShrinkBps: 5000}"), token.address());
            Profiles profiles = new ProfileLoader().load(p);
            AssetProfile asset = profiles.asset("rs").orElseThrow();
            ChainProfile ethereum = profiles.chain("ethereum").orElseThrow();
            ChainProfile bitcoin = profiles.chain("bitcoin").orElseThrow();
            Store store = Stores.open(dir.resolve("store"));
            closing.add(store);
            ChainSync sync = new ChainSync();
            ChainIndexer<?> supply = EvmIndexers.create(profiles, ethereum, store, 64, RetryPolicy.DEFAULT).reportSyncTo(sync);
            ReserveSource listSet = asset.reserves().get(0);
            ReserveSource walletSet = asset.reserves().get(1);
            ReserveSource httpSet = asset.reserves().get(2);
            ChainIndexer<?> listIx = SetMembershipIndexer.create(asset, listSet, ethereum, BitcoinNetwork.REGTEST, store,
                    64, RetryPolicy.DEFAULT).reportSyncTo(sync);
            ChainIndexer<?> walletIx = SetMembershipIndexer.create(asset, walletSet, ethereum, BitcoinNetwork.REGTEST,
                    store, 64, RetryPolicy.DEFAULT).reportSyncTo(sync);
            SetClock pollClock = new SetClock();
            HttpSetPoller poller = new HttpSetPoller("rs", httpSet, BitcoinNetwork.REGTEST, store,
                    java.net.http.HttpClient.newHttpClient(), sync, pollClock);
            BitcoinIndexer bix = BitcoinIndexer.create(bitcoin, profiles, store, sync);
            PorEngine engine = new PorEngine(profiles, store, sync, Clock.systemUTC());

            long base = (System.currentTimeMillis() / 1000) + 3600;
            // B0 (+0): every script funded before any is a member
            btc.rpc().call("setmocktime", base);
            for (int i = 1; i <= 6; i++) {
                btc.payToScript(script(i), i * BTC);
            }
            btc.generate(1);
            supply.start();
            listIx.start();
            walletIx.start();
            bix.start();
            closing.add(() -> bix.stop(Duration.ofSeconds(30)));
            closing.add(() -> walletIx.stop(Duration.ofSeconds(30)));
            closing.add(() -> listIx.stop(Duration.ofSeconds(30)));
            closing.add(() -> supply.stop(Duration.ofSeconds(30)));

            Map<Long, Long> expected = new TreeMap<>();
            // +100 list gets A1; +110 wallet 3 registered; +120 the HTTP list says [A5]
            ethAt(eth, base + 100, list, FunctionEncoder.encode(new Function("add", List.of(new Utf8String(address(1))), List.of())));
            ethAt(eth, base + 110, registry, register("register", 3));
            pollAt(pollClock, poller, httpList, base + 120, List.of(address(5)));
            settle(store, eth, listSet, walletSet);
            btcAt(btc, store, bitcoin, base + 50); // B1: the new members are watched from here (before they entered)
            expected.put(base + 99, 0L);
            expected.put(base + 100, BTC);
            expected.put(base + 110, 4 * BTC);
            expected.put(base + 120, 9 * BTC);
            // +200 list gets A2; +210 wallet 4; +220 the HTTP list grows to [A5, A6]
            ethAt(eth, base + 200, list, FunctionEncoder.encode(new Function("add", List.of(new Utf8String(address(2))), List.of())));
            ethAt(eth, base + 210, registry, register("register", 4));
            pollAt(pollClock, poller, httpList, base + 220, List.of(address(5), address(6)));
            settle(store, eth, listSet, walletSet);
            btcAt(btc, store, bitcoin, base + 150);
            expected.put(base + 200, 11 * BTC);
            expected.put(base + 210, 15 * BTC);
            expected.put(base + 220, 21 * BTC);
            // B3 (+250): A2 receives half a coin more
            btc.payToScript(script(2), BTC / 2);
            btcAt(btc, store, bitcoin, base + 250);
            expected.put(base + 250, 21 * BTC + BTC / 2);
            // +300 A1 leaves the list; +310 wallet 3 closes; +320 A5 leaves the HTTP list
            ethAt(eth, base + 300, list, FunctionEncoder.encode(new Function("removeAt", List.of(new Uint256(0)), List.of())));
            ethAt(eth, base + 310, registry, register("close", 3));
            pollAt(pollClock, poller, httpList, base + 320, List.of(address(6)));
            settle(store, eth, listSet, walletSet);
            expected.put(base + 300, 20 * BTC + BTC / 2);
            expected.put(base + 310, 17 * BTC + BTC / 2);
            expected.put(base + 320, 12 * BTC + BTC / 2);

            // a reorg of the list chain: A1 re-added at +400, then that block is replaced by empty ones
            String snap = eth.rpc().call("evm_snapshot").asText();
            ethAt(eth, base + 400, list, FunctionEncoder.encode(new Function("add", List.of(new Utf8String(address(1))), List.of())));
            settle(store, eth, listSet, walletSet);
            int a1 = store.find(SetMembers.membership("rs", listSet.set().membershipChain(), "list",
                    SetMembers.tag(HexFormat.of().parseHex(script(1))))).orElseThrow();
            Point pt = new Point();
            assertTrue(store.latest(a1, pt));
            assertEquals(1, pt.value.lo(), "A1 back in the list at +400 before the reorg");
            assertEquals((base + 400) * 1000, pt.time);
            eth.rpc().call("evm_revert", snap);
            eth.rpc().call("evm_setNextBlockTimestamp", base + 420);
            eth.mine(1);
            eth.rpc().call("evm_setNextBlockTimestamp", base + 421);
            eth.mine(1);
            long reorgHead = eth.blockNumber();
            await("the list's membership rolled back by the reorg", () -> checkpoint(store, listSet.set().membershipChain())
                    >= reorgHead && store.latest(a1, pt) && pt.value.lo() == 0);
            assertEquals((base + 300) * 1000, pt.time, "A1's last change is its removal at +300 again");
            expected.put(base + 450, 12 * BTC + BTC / 2);

            // final blocks at +1000 on both chains: the cut passes every moment above
            ethAt(eth, base + 1000, null, null);
            settle(store, eth, listSet, walletSet);
            btcAt(btc, store, bitcoin, base + 1000);
            await("the cut past +999", () -> {
                PorEngine.Cut c = engine.cut("rs");
                return c.at() != null && !c.at().isBefore(Instant.ofEpochSecond(base + 999));
            });

            for (Map.Entry<Long, Long> e : expected.entrySet()) {
                Instant t = Instant.ofEpochSecond(e.getKey());
                ReserveSetsAt at = engine.reserveSets("rs", t);
                assertEquals(List.of(), at.reasons(), "at +" + (e.getKey() - base));
                long sum = 0;
                for (ReserveSetView v : at.sets()) {
                    assertEquals(List.of(), v.problems(), "at +" + (e.getKey() - base));
                    sum += v.total().raw().longValueExact();
                }
                assertEquals(e.getValue().longValue(), sum, "reserves at +" + (e.getKey() - base));
                io.assay.por.Snapshot s = engine.snapshot("rs", t);
                assertEquals(BigInteger.valueOf(e.getValue()), s.reservesTotal().raw(), "snapshot at +"
                        + (e.getKey() - base) + " " + s.reasons());
            }
            // who is in force, at three moments
            assertEquals(Map.of("list", sorted(address(1)), "wallets", sorted(address(3)), "custody", sorted(address(5))),
                    members(engine, base + 120));
            assertEquals(Map.of("list", sorted(address(1), address(2)), "wallets", sorted(address(3), address(4)),
                    "custody", sorted(address(5), address(6))), members(engine, base + 250));
            assertEquals(Map.of("list", sorted(address(2)), "wallets", sorted(address(4)), "custody", sorted(address(6))),
                    members(engine, base + 450));
            ReserveSetView w = engine.reserveSets("rs", Instant.ofEpochSecond(base + 450)).sets().get(1);
            assertEquals("events", w.kind());
            assertEquals(BigInteger.valueOf(4 * BTC), w.members().get(0).balance().raw());
            assertEquals(Instant.ofEpochSecond(base + 210), w.members().get(0).since());
            assertEquals(script(4), w.members().get(0).script());
            assertEquals(0, bix.writer().utxosSpent(), "nothing was spent");
            assertEquals(7, bix.writer().utxoCount(), "the six funded members' coins and A2's second one are tracked");
            // the second batch entered after its coins existed: found by the coin lookup (the first batch may have
            // entered while the Bitcoin indexer was still backfilling below B0, and then its coins were simply seen)
            assertTrue(bix.writer().lateCoins() >= 3, "late coins: " + bix.writer().lateCoins());
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                closing.get(i).close();
            }
            server.stop(0);
        }
    }

    private static List<String> sorted(String... addresses) {
        return java.util.Arrays.stream(addresses).sorted().toList();
    }

    private static Map<String, List<String>> members(PorEngine engine, long at) {
        Map<String, List<String>> out = new TreeMap<>();
        for (ReserveSetView v : engine.reserveSets("rs", Instant.ofEpochSecond(at)).sets()) {
            out.put(v.id(), v.members().stream().map(ReserveSetView.Member::address).sorted().toList());
        }
        return out;
    }

    private static String register(String fn, int i) {
        byte[] id = new byte[32];
        id[0] = (byte) i;
        return FunctionEncoder.encode(new Function(fn, List.of(new Bytes32(id), new Bytes20(hash20(i))), List.of()));
    }

    /** One anvil block at {@code second} holding a call to {@code to} (or no transaction when {@code to} is null). */
    private static void ethAt(EvmNode eth, long second, String to, String data) {
        eth.rpc().call("evm_setNextBlockTimestamp", second);
        if (to == null) {
            eth.mine(1);
        } else {
            eth.send(OWNER, to, data);
        }
    }

    private static void pollAt(SetClock clock, HttpSetPoller poller, List<String> list, long second, List<String> entries) {
        list.clear();
        list.addAll(entries);
        clock.now = Instant.ofEpochSecond(second);
        poller.pollOnce();
        assertEquals(null, poller.lastRefusal());
    }

    /** Waits until both membership loops have read the list chain's head. */
    private static void settle(Store store, EvmNode eth, ReserveSource listSet, ReserveSource walletSet) {
        long head = eth.blockNumber();
        await("membership indexed through #" + head, () -> checkpoint(store, listSet.set().membershipChain()) >= head
                && checkpoint(store, walletSet.set().membershipChain()) >= head && checkpoint(store, "ethereum") >= head);
    }

    /** One Bitcoin block dated {@code second}, indexed. */
    private static void btcAt(BitcoinNode btc, Store store, ChainProfile bitcoin, long second) {
        btc.rpc().call("setmocktime", second);
        btc.generate(1);
        long h = btc.height();
        await("bitcoin block #" + h + " indexed", () -> checkpoint(store, bitcoin.name()) >= h);
    }
}
