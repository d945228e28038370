package io.assay.quorum;

import io.assay.attest.ChainHeight;
import io.assay.attest.PorReport;
import io.assay.attest.ReportAbi;
import io.assay.attest.ReportTypedData;
import io.assay.attest.SignedReport;
import io.assay.attest.SigningKey;
import io.assay.chain.FaultProxy;
import io.assay.chain.rpc.RpcException;
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
import io.assay.config.SupplySource;
import io.assay.crypto.Hex;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.por.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Independent Assay nodes on the same two anvil chains (Ethereum and Polygon): each has its own store, indexers, engine
 * and key, and they start at different times through different endpoints. Honest nodes sign byte-identical reports of a
 * quorum round; a node fed a lying endpoint signs another digest and is named, with the chain and block hash it got
 * wrong; a 2-of-3 bundle forms with one liar and mints through SecureMint in quorum mode, and with two liars no bundle
 * forms and SecureMint refuses.
 *
 * <p>The lying endpoints are {@link FaultProxy}, a small proxy in the test tree in front of the real anvil node: it
 * forwards every request and replaces one true block hash by a made-up one in every answer (as a node on another fork
 * would show it). The "different endpoints" of the honest second node are a proxy that forwards unchanged. The peers'
 * HTTP endpoints are {@link QuorumPeer}'s stand-in server (the API resource's code, without Quarkus).
 */
class QuorumDevnetTest {
    static final String ASSET = "qbtc";
    static final BigInteger UNIT = BigInteger.TEN.pow(8);
    static Devnet devnet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.POLYGON));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    static ChainProfile chain(String name, long chainId, URI url) {
        ChainLimits limits = new ChainLimits(10_000, 10, 2, 0, Duration.ofSeconds(20), 16, Duration.ofMillis(50), 0);
        return new ChainProfile(name, "test:" + name, ChainFamily.EVM, chainId, null, new Finality(null, 0, Duration.ZERO),
                List.of(new Endpoint(url)), null, Duration.ofSeconds(1), 0, limits);
    }

    /** The same asset on every node; only the endpoints differ. Heartbeat 2 s: a quorum round every 2 s. */
    static Profiles profiles(URI eth, URI pol, Erc20 supplyEth, Erc20 supplyPol, Erc20 reserve, String custody) {
        AssetProfile a = new AssetProfile(ASSET, "test:" + ASSET + ".yaml", ASSET, "QBTC", 8,
                List.of(new ReserveSource("custody", "ethereum", SourceKind.HOLDER, custody, reserve.address(), 8, 0)),
                List.of(new SupplySource("ethereum", supplyEth.address(), 8, 0), new SupplySource("polygon", supplyPol.address(), 8, 0)),
                List.of(), new AssetPolicy(100, Duration.ofSeconds(2), BigDecimal.ONE, Duration.ofMinutes(10)));
        Map<String, ChainProfile> chains = new java.util.LinkedHashMap<>();
        chains.put("ethereum", chain("ethereum", 1, eth));
        chains.put("polygon", chain("polygon", 137, pol));
        return new Profiles(chains, Map.of(ASSET, a));
    }

    static void awaitRound(QuorumPeer p, long round) {
        Poll.until(Duration.ofSeconds(90), p.name + " final through round " + round + " (cut " + p.engine.cut(ASSET).at() + ")",
                () -> p.rounds.latest(ASSET).orElse(0) >= round);
    }

    static String fakeHash(int seed) {
        return "0x" + String.format("%02x", seed).repeat(32);
    }

    static ChainHeight height(SignedReport r, String chain) {
        return r.message().heights().stream().filter(h -> h.chain().equals(chain)).findFirst().orElseThrow();
    }

    @Test
    void honestNodesAgreeByteForByteAndOneOrTwoLiarsAreNamedOrBlockTheBundle() throws Exception {
        EvmNode eth = devnet.evm(1);
        EvmNode pol = devnet.evm(137);
        String owner = EvmNode.DEV_ACCOUNT;
        String custody = eth.accounts().get(2);
        String alice = eth.accounts().get(1);
        Erc20 reserve = Erc20.deploy(eth, owner, "Reserve", "RSV", 8);
        Erc20 supplyEth = Erc20.deploy(eth, owner, "Q on Ethereum", "QBTC", 8);
        Erc20 supplyPol = Erc20.deploy(pol, owner, "Q on Polygon", "QBTC", 8);
        reserve.mint(owner, custody, UNIT.multiply(BigInteger.valueOf(1000)));
        supplyEth.mint(owner, alice, UNIT.multiply(BigInteger.valueOf(600)));
        supplyPol.mint(owner, pol.accounts().get(1), UNIT.multiply(BigInteger.valueOf(300)));

        List<SigningKey> keys = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 4; i++) {
            keys.add(SigningKey.generate(random));
        }
        List<AutoCloseable> open = new ArrayList<>();
        try {
            // node A, directly on the anvil nodes
            QuorumPeer a = new QuorumPeer("a", dir, profiles(eth.url(), pol.url(), supplyEth, supplyPol, reserve, custody), keys.get(0));
            open.add(a);
            Poll.until(Duration.ofSeconds(60), "node a answers the minted figures", () -> {
                Snapshot s = a.engine.latest(ASSET);
                return s.status() == Snapshot.Status.OK && s.circulating().raw().equals(UNIT.multiply(BigInteger.valueOf(900)));
            });
            // a round after every block made so far (anvil may date blocks a little ahead of the wall clock)
            long minted = Math.max(java.time.Instant.now().getEpochSecond(), Math.max(latestTime(eth), latestTime(pol)));
            long round = a.rounds.roundAt(ASSET, java.time.Instant.ofEpochSecond(minted + 2));
            awaitRound(a, round);
            SignedReport ra = a.self.own(ASSET, round);
            assertEquals(BigInteger.valueOf(round), ra.message().roundId());
            assertEquals(round * 2, ra.message().timestamp(), "the round's moment is round × heartbeat");
            assertEquals(UNIT.multiply(BigInteger.valueOf(1000)), ra.message().reserves());
            assertEquals(UNIT.multiply(BigInteger.valueOf(900)), ra.message().circulating());
            assertEquals(ra.digest(), a.self.own(ASSET, round).digest(), "asked again: the same digest");

            // node B starts later, through other endpoints (proxies that forward unchanged), with another key
            FaultProxy ethB = FaultProxy.start(eth.url());
            FaultProxy polB = FaultProxy.start(pol.url());
            open.add(ethB);
            open.add(polB);
            QuorumPeer b = new QuorumPeer("b", dir, profiles(ethB.url(), polB.url(), supplyEth, supplyPol, reserve, custody), keys.get(1));
            open.add(b);
            awaitRound(b, round);
            SignedReport rb = b.self.own(ASSET, round);
            assertEquals(ra.digest(), rb.digest(), "two honest nodes, started apart on other endpoints: one digest");
            assertEquals(ReportTypedData.toJson(ra.domain(), ra.message()), ReportTypedData.toJson(rb.domain(), rb.message()),
                    "byte-identical typed data");
            assertNotEquals(ra.signature(), rb.signature(), "each node signs with its own key");
            assertTrue(ethB.requests() > 0 && polB.requests() > 0, "node b read through its own endpoints");

            // node C is fed a lying Polygon endpoint: the block its figures come from carries another hash
            ChainHeight polHeight = height(ra, "polygon");
            FaultProxy polC = FaultProxy.start(pol.url()).lie(polHeight.blockHash().hex(), fakeHash(0xc1));
            open.add(polC);
            QuorumPeer c = new QuorumPeer("c", dir, profiles(eth.url(), polC.url(), supplyEth, supplyPol, reserve, custody), keys.get(2));
            open.add(c);
            awaitRound(c, round);
            SignedReport rc = c.self.own(ASSET, round);
            assertNotEquals(ra.digest(), rc.digest(), "the liar's report has another digest");
            assertEquals(fakeHash(0xc1), height(rc, "polygon").blockHash().hex());

            // one liar: the 2-of-3 bundle forms, on every node, and names the outlier with the chain and hash
            Set<String> abc = Set.of(a.address(), b.address(), c.address());
            List<String> honest = new ArrayList<>(List.of(a.address(), b.address()));
            honest.sort(Comparator.comparing(x -> new BigInteger(x.substring(2), 16)));
            for (QuorumPeer at : List.of(a, b, c)) {
                List<QuorumPeer> others = new ArrayList<>(List.of(a, b, c));
                others.remove(at);
                others.add(at); // itself among the peers too (a headless service resolves to every pod): counted once
                Quorum.Outcome o = at.collector(others, abc, 2).collect(ASSET, round);
                assertTrue(o.reached(), at.name + ": " + o.summary());
                assertEquals(ra.digest(), o.digest(), at.name);
                assertEquals(honest, o.signers(), at.name + ": the honest signers, ascending");
                assertEquals(1, o.dissent().size(), at.name + ": " + o.dissent());
                Quorum.Dissent d = o.dissent().get(0);
                assertEquals(c.address(), d.signer());
                assertEquals(List.of("chain polygon: block #" + polHeight.height() + " has hash " + fakeHash(0xc1)
                        + " instead of " + polHeight.blockHash().hex()), d.differences());
                // every node raises the alert, naming the liar
                io.assay.alert.Condition alert = QuorumService.condition(o).orElseThrow();
                assertEquals(io.assay.alert.AlertType.QUORUM_DISAGREEMENT, alert.type());
                assertTrue(alert.message().contains(c.address()) && alert.message().contains(fakeHash(0xc1)), alert.message());
            }
            Quorum.Outcome bundle = a.collector(List.of(b, c), abc, 2).collect(ASSET, round);
            System.out.println("2-of-3 bundle with one liar:\n" + io.assay.attest.SignedReportJson.pretty(QuorumJson.write(bundle)));

            // the bundle mints through SecureMint in quorum mode (a QuorumVerifier holding a, b, c and k = 2)
            String quorum = deployQuorum(eth, List.copyOf(abc), 2);
            Erc20 minted2 = Erc20.deploy(eth, owner, "Q minted", "QM", 8);
            String secureMint = deploySecureMint(eth, quorum, minted2, ASSET);
            eth.send(owner, minted2.address(), ReportAbi.call("transferOwnership(address)", List.of(new Address(secureMint))));
            BigInteger amount = UNIT.multiply(BigInteger.valueOf(50)); // 1000 reserves cover 900 + 50
            eth.send(owner, secureMint, mintData(alice, amount, bundle));
            assertEquals(amount, minted2.balanceOf(alice, "latest"));

            // node D is fed a lying Ethereum endpoint (another lie): with c and d lying, no bundle forms
            ChainHeight ethHeight = height(ra, "ethereum");
            FaultProxy ethD = FaultProxy.start(eth.url()).lie(ethHeight.blockHash().hex(), fakeHash(0xd1));
            open.add(ethD);
            QuorumPeer d = new QuorumPeer("d", dir, profiles(ethD.url(), pol.url(), supplyEth, supplyPol, reserve, custody), keys.get(3));
            open.add(d);
            awaitRound(d, round);
            Set<String> acd = Set.of(a.address(), c.address(), d.address());
            for (QuorumPeer at : List.of(a, c, d)) {
                List<QuorumPeer> others = new ArrayList<>(List.of(a, c, d));
                others.remove(at);
                Quorum.Outcome o = at.collector(others, acd, 2).collect(ASSET, round);
                assertFalse(o.reached(), at.name + ": " + o.summary());
                assertEquals(1, o.signatures().size());
                assertEquals(2, o.dissent().size(), o.dissent().toString());
                assertTrue(o.summary().startsWith("no quorum for round " + round + " of " + ASSET + ": need 2 matching"),
                        o.summary());
                assertTrue(o.summary().contains(fakeHash(0xc1)) || o.summary().contains(fakeHash(0xd1)), o.summary());
                assertTrue(QuorumService.condition(o).isPresent(), "the alert is raised on " + at.name);
            }
            Quorum.Outcome none = a.collector(List.of(c, d), acd, 2).collect(ASSET, round);
            System.out.println("two liars, no bundle:\n" + none.summary());
            String quorum2 = deployQuorum(eth, List.copyOf(acd), 2);
            Erc20 token2 = Erc20.deploy(eth, owner, "Q minted 2", "QM2", 8);
            String secureMint2 = deploySecureMint(eth, quorum2, token2, ASSET);
            eth.send(owner, token2.address(), ReportAbi.call("transferOwnership(address)", List.of(new Address(secureMint2))));
            // what there is: a's report with its one signature; or a's report with c's signature (over c's digest) added
            assertReverts("QuorumVerifier: fewer than k signatures", eth, secureMint2, mintData(alice, BigInteger.ONE, none));
            SignedReport rd = d.self.own(ASSET, round);
            List<Quorum.Signed> mixed = new ArrayList<>(none.signatures());
            mixed.add(new Quorum.Signed("c", c.address(), rc.signature()));
            mixed.add(new Quorum.Signed("d", d.address(), rd.signature()));
            String reason = revert(eth, secureMint2, mintData(alice, BigInteger.ONE, none.message(), mixed));
            assertTrue(reason.contains("QuorumVerifier: signer not allowed")
                    || reason.contains("QuorumVerifier: signers not in strictly ascending order"), reason);
            assertEquals(BigInteger.ZERO, token2.balanceOf(alice, "latest"), "SecureMint minted nothing");
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    static long latestTime(EvmNode node) {
        return EvmNode.hexLong(node.rpc().call("eth_getBlockByNumber", "latest", false).get("timestamp"));
    }

    static String deployQuorum(EvmNode eth, List<String> signers, int k) {
        List<Address> list = signers.stream().map(Address::new).toList();
        return Contracts.deploy(eth, EvmNode.DEV_ACCOUNT, "QuorumVerifier", FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Address.class, list), new Uint8(k), new Uint64(3600), new Bool(false))));
    }

    static String deploySecureMint(EvmNode eth, String quorum, Erc20 token, String asset) {
        String zero = "0x0000000000000000000000000000000000000000";
        return Contracts.deploy(eth, EvmNode.DEV_ACCOUNT, "SecureMint", FunctionEncoder.encodeConstructor(List.of(
                new Address(zero), new Address(quorum), new Address(token.address()), new Utf8String(asset), new Uint8(8))));
    }

    static String mintData(String to, BigInteger amount, Quorum.Outcome o) {
        return mintData(to, amount, o.message(), o.signatures());
    }

    @SuppressWarnings("rawtypes")
    static String mintData(String to, BigInteger amount, io.assay.attest.ReportMessage m, List<Quorum.Signed> sigs) {
        List<Type> args = List.of(new Address(to), new Uint256(amount), ReportAbi.report(m),
                new DynamicBytes(Hex.parse(Quorum.packed(sigs), "signatures")));
        return ReportAbi.call("mintWithQuorum(address,uint256," + ReportAbi.REPORT_TUPLE + ",bytes)", args);
    }

    static String revert(EvmNode eth, String to, String data) {
        RpcException e = assertThrows(RpcException.class, () -> eth.rpc().call("eth_call",
                Map.of("from", EvmNode.DEV_ACCOUNT, "to", to, "data", data), "latest"));
        return e.getMessage();
    }

    static void assertReverts(String reason, EvmNode eth, String to, String data) {
        String msg = revert(eth, to, data);
        assertTrue(msg.contains("execution reverted: " + reason), msg);
    }
}
