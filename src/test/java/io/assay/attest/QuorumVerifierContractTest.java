package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.crypto.Hex;
import io.assay.crypto.Signature;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code QuorumVerifier} and {@code SecureMint} in quorum mode on anvil: a bundle counts only with k distinct allowed
 * signers in strictly ascending order, low-s signatures, a fresh report and a round above the last accepted one;
 * replayed, stale and reordered bundles are refused. Prints the gas table of bench/RESULTS.md ("Quorum gas") and
 * checks its targets (under 7,000 gas per extra signer; the whole check of a 3-of-5 bundle under 80,000).
 */
class QuorumVerifierContractTest {
    static final String CHECK = "check(" + ReportAbi.REPORT_TUPLE + ",bytes)";
    static final String TRANSMIT = "transmit(" + ReportAbi.REPORT_TUPLE + ",bytes)";
    static final String MINT_Q = "mintWithQuorum(address,uint256," + ReportAbi.REPORT_TUPLE + ",bytes)";
    static final String MINT = "mint(address,uint256," + ReportAbi.REPORT_TUPLE + ",bytes)";
    static Devnet devnet;
    static EvmNode node;
    static OnChain chain;
    /** Nine keys, sorted by address. */
    static final List<SigningKey> KEYS = new ArrayList<>();
    static final AtomicLong ROUND = new AtomicLong(100);

    @BeforeAll
    static void start() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 9; i++) {
            KEYS.add(SigningKey.generate(random));
        }
        KEYS.sort(Comparator.comparing(k -> new BigInteger(k.address().substring(2), 16)));
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
        node = devnet.evm(1);
        chain = new OnChain(node);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    static String deployQuorum(List<SigningKey> signers, int k, long maxAge) {
        List<Address> list = signers.stream().map(s -> new Address(s.address())).toList();
        String args = FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(Address.class, list), new Uint8(k),
                new Uint64(maxAge), new Bool(false)));
        return Contracts.deploy(node, OnChain.DEPLOYER, "QuorumVerifier", args);
    }

    /** A fresh quorum report of a new round (no signer inside), as of a few seconds ago. */
    static PorReport report(long reserves, long circulating) {
        long now = chain.latestTimestamp();
        return report(ROUND.incrementAndGet(), reserves, circulating, now - 5, now + 3600);
    }

    static PorReport report(long round, long reserves, long circulating, long timestamp, long validUntil) {
        return new PorReport("wbtc-demo", BigInteger.valueOf(round), 8, BigInteger.valueOf(reserves),
                BigInteger.valueOf(circulating), timestamp, validUntil, Reports.sample().heights());
    }

    static List<SignedReport> sign(PorReport r, List<SigningKey> keys) {
        return keys.stream().map(k -> SignedReport.signForQuorum(r, ReportDomain.of(1), k)).toList();
    }

    static DynamicBytes packed(List<SignedReport> sigs) {
        StringBuilder sb = new StringBuilder("0x");
        sigs.forEach(s -> sb.append(s.signature().hex().substring(2)));
        return new DynamicBytes(Hex.parse(sb.toString(), "signatures", sigs.size() * 65));
    }

    @SuppressWarnings("rawtypes")
    static String data(String fn, PorReport r, List<SignedReport> sigs) {
        List<Type> args = List.of(ReportAbi.report(ReportMessage.of(r, ReportMessage.NO_SIGNER)), packed(sigs));
        return ReportAbi.call(fn, args);
    }

    static void assertRefused(String reason, String to, String data) {
        OnChain.assertReverts(reason, () -> chain.call(to, data));
    }

    @Test
    void acceptsKDistinctAllowedSignersInAscendingOrderAndReturnsTheDigest() {
        String q = deployQuorum(KEYS.subList(0, 5), 3, 3600);
        PorReport r = report(1000, 900);
        List<SignedReport> s = sign(r, List.of(KEYS.get(0), KEYS.get(2), KEYS.get(4)));
        String out = chain.call(q, data(CHECK, r, s));
        assertEquals(s.get(0).digest(), Bytes32.parse(out, "digest"), "the contract's digest is the one signed off-chain");
        // all five, too
        chain.call(q, data(CHECK, r, sign(r, KEYS.subList(0, 5))));
    }

    @Test
    void refusesTooFewReorderedRepeatedForeignMalleableAndNamedSignerBundles() {
        String q = deployQuorum(KEYS.subList(0, 5), 3, 3600);
        PorReport r = report(1000, 900);
        List<SignedReport> s = sign(r, KEYS.subList(0, 4));
        assertRefused("QuorumVerifier: fewer than k signatures", q, data(CHECK, r, s.subList(0, 2)));
        assertRefused("QuorumVerifier: signers not in strictly ascending order (or repeated)", q,
                data(CHECK, r, List.of(s.get(1), s.get(0), s.get(2))));
        assertRefused("QuorumVerifier: signers not in strictly ascending order (or repeated)", q,
                data(CHECK, r, List.of(s.get(0), s.get(1), s.get(1))));
        List<SignedReport> foreign = new ArrayList<>(s.subList(0, 2));
        foreign.add(sign(r, List.of(KEYS.get(8))).get(0)); // highest address, but not in the set
        assertRefused("QuorumVerifier: signer not allowed", q, data(CHECK, r, foreign));
        // the malleable twin (n - s, v flipped) of a valid signature
        Signature good = s.get(2).signature();
        Signature twin = new Signature(good.r(), Signature.N.subtract(good.s()), good.v() == 27 ? 28 : 27);
        SignedReport bad = new SignedReport(s.get(2).assetId(), s.get(2).domain(), s.get(2).message(), s.get(2).digest(), twin);
        assertRefused("QuorumVerifier: malleable signature (s in upper half)", q, data(CHECK, r, List.of(s.get(0), s.get(1), bad)));
        // a report that names a signer (the single-signer form) is no quorum report
        SignedReport named = SignedReport.sign(r, ReportDomain.of(1), KEYS.get(0));
        String d = ReportAbi.call(CHECK, List.of(ReportAbi.report(named.message()), packed(s.subList(0, 3))));
        assertRefused("QuorumVerifier: a quorum report names no signer", q, d);
        // one value changed after signing: the signatures recover to other addresses
        PorReport lie = report(r.roundId().longValueExact(), 2000, 900, r.timestamp(), r.validUntil());
        assertRefused("QuorumVerifier: ", q, data(CHECK, lie, s.subList(0, 3)));
    }

    @Test
    void refusesReplayedStaleAndOlderRoundsOnTransmit() {
        String q = deployQuorum(KEYS.subList(0, 3), 2, 600);
        PorReport r = report(1000, 900);
        List<SignedReport> s = sign(r, KEYS.subList(0, 2));
        node.send(OnChain.DEPLOYER, q, data(TRANSMIT, r, s));
        assertRefused("QuorumVerifier: round not above the last accepted one", q, data(TRANSMIT, r, s));
        long now = chain.latestTimestamp();
        PorReport older = report(r.roundId().longValueExact() - 1, 1000, 900, now - 5, now + 3600);
        assertRefused("QuorumVerifier: round not above the last accepted one", q, data(TRANSMIT, older, sign(older, KEYS.subList(0, 2))));
        PorReport stale = report(ROUND.incrementAndGet(), 1000, 900, now - 601, now + 3600);
        assertRefused("QuorumVerifier: report too old", q, data(TRANSMIT, stale, sign(stale, KEYS.subList(0, 2))));
        PorReport expired = report(ROUND.incrementAndGet(), 1000, 900, now - 100, now - 1);
        assertRefused("QuorumVerifier: report expired", q, data(TRANSMIT, expired, sign(expired, KEYS.subList(0, 2))));
        PorReport next = report(1000, 900);
        node.send(OnChain.DEPLOYER, q, data(TRANSMIT, next, sign(next, KEYS.subList(1, 3))));
    }

    @Test
    void secureMintInQuorumModeMintsOnlyWithABundle() {
        String q = deployQuorum(KEYS.subList(0, 3), 2, 3600);
        Erc20 token = Erc20.deploy(node, OnChain.DEPLOYER, "Wrapped BTC (demo)", "WBTC", 8);
        String v = chain.deployVerifier(List.of(KEYS.get(0).address()), 3600, false);
        String mint = chain.deploySecureMint(v, q, token.address(), "wbtc-demo", 8);
        node.send(OnChain.DEPLOYER, token.address(), ReportAbi.call("transferOwnership(address)", List.of(new Address(mint))));
        String alice = node.accounts().get(1);
        PorReport r = report(1000, 900);
        // a single signer's report is refused in quorum mode
        SignedReport single = SignedReport.sign(r, ReportDomain.of(1), KEYS.get(0));
        OnChain.assertReverts("SecureMint: quorum mode accepts only quorum bundles", () -> chain.callFrom(OnChain.DEPLOYER, mint,
                ReportAbi.call(MINT, List.of(new Address(alice), new Uint256(1), ReportAbi.report(single.message()),
                        ReportAbi.signature(single.signature())))));
        // one signature is not a quorum
        OnChain.assertReverts("QuorumVerifier: fewer than k signatures", () -> chain.callFrom(OnChain.DEPLOYER, mint,
                mintData(alice, 10, r, sign(r, KEYS.subList(0, 1)))));
        var receipt = node.send(OnChain.DEPLOYER, mint, mintData(alice, 60, r, sign(r, KEYS.subList(0, 2))));
        System.out.println("SecureMint.mintWithQuorum gas used (2-of-3, first mint): " + EvmNode.hexLong(receipt.get("gasUsed")));
        // the accepted report again: counts the 60 minted since; its signatures are not checked twice
        node.send(OnChain.DEPLOYER, mint, mintData(alice, 40, r, List.of()));
        OnChain.assertReverts("SecureMint: reserves do not cover circulating supply plus this mint",
                () -> chain.callFrom(OnChain.DEPLOYER, mint, mintData(alice, 1, r, List.of())));
        assertEquals(BigInteger.valueOf(100), token.balanceOf(alice, "latest"));
        // a newer round is accepted; the older one is refused afterwards (replay)
        PorReport next = report(2000, 1000);
        node.send(OnChain.DEPLOYER, mint, mintData(alice, 5, next, sign(next, KEYS.subList(1, 3))));
        OnChain.assertReverts("SecureMint: not the latest accepted round (replayed or stale bundle)",
                () -> chain.callFrom(OnChain.DEPLOYER, mint, mintData(alice, 1, r, sign(r, KEYS.subList(0, 2)))));
        assertEquals(BigInteger.valueOf(105), token.balanceOf(alice, "latest"));
    }

    @SuppressWarnings("rawtypes")
    static String mintData(String to, long amount, PorReport r, List<SignedReport> sigs) {
        List<Type> args = List.of(new Address(to), new Uint256(amount), ReportAbi.report(ReportMessage.of(r, ReportMessage.NO_SIGNER)),
                sigs.isEmpty() ? new DynamicBytes(new byte[0]) : packed(sigs));
        return ReportAbi.call(MINT_Q, args);
    }

    /** Intrinsic gas of calldata: 4 per zero byte, 16 per other byte (EIP-2028). */
    static long calldataGas(String hex) {
        byte[] b = Hex.parse(hex, "calldata");
        long g = 0;
        for (byte x : b) {
            g += x == 0 ? 4 : 16;
        }
        return g;
    }

    @Test
    void gasPerSigner() {
        StringBuilder table = new StringBuilder("| bundle | check: tx gas | of which calldata | transmit: tx gas |\n| --- | --- | --- | --- |\n");
        long[] checkGas = new long[6];
        for (int k = 1; k <= 5; k++) {
            int n = 2 * k - 1;
            String q = deployQuorum(KEYS.subList(0, n), k, 3600);
            PorReport r = report(1000, 900);
            List<SignedReport> s = sign(r, KEYS.subList(0, k));
            String check = data(CHECK, r, s);
            long gas = EvmNode.hexLong(node.send(OnChain.DEPLOYER, q, check).get("gasUsed"));
            long transmit = EvmNode.hexLong(node.send(OnChain.DEPLOYER, q, data(TRANSMIT, r, s)).get("gasUsed"));
            checkGas[k] = gas;
            table.append("| ").append(k).append("-of-").append(n).append(" | ").append(gas).append(" | ")
                    .append(calldataGas(check)).append(" | ").append(transmit).append(" |\n");
        }
        // more signatures than k on one verifier: the cost of each extra signer alone
        String q5 = deployQuorum(KEYS.subList(0, 5), 3, 3600);
        long[] extra = new long[6];
        for (int c = 3; c <= 5; c++) {
            PorReport r = report(1000, 900);
            extra[c] = EvmNode.hexLong(node.send(OnChain.DEPLOYER, q5, data(CHECK, r, sign(r, KEYS.subList(0, c)))).get("gasUsed"));
        }
        // transmit of a later round: the asset's latest round is rewritten (nonzero to nonzero)
        PorReport second = report(1000, 900);
        long transmit2 = EvmNode.hexLong(node.send(OnChain.DEPLOYER, q5, data(TRANSMIT, second, sign(second, KEYS.subList(0, 3)))).get("gasUsed"));
        PorReport third = report(1000, 900);
        long transmit3 = EvmNode.hexLong(node.send(OnChain.DEPLOYER, q5, data(TRANSMIT, third, sign(third, KEYS.subList(0, 3)))).get("gasUsed"));
        table.append("3-of-5 transmit, first and next round of an asset: ").append(transmit2).append(", ").append(transmit3).append(" gas\n");
        long perSigner = Math.max(extra[4] - extra[3], extra[5] - extra[4]);
        table.append("\n3-of-5 verifier given 3, 4, 5 signatures: ").append(extra[3]).append(", ").append(extra[4])
                .append(", ").append(extra[5]).append(" gas; per extra signer ").append(extra[4] - extra[3]).append(", ")
                .append(extra[5] - extra[4]).append('\n');
        System.out.println("Quorum gas (anvil, solc 0.8 optimizer 200 runs, cancun):\n" + table);
        assertTrue(perSigner < 7_000, "gas per extra signer " + perSigner + " (target < 7,000)");
        assertTrue(extra[3] < 80_000, "3-of-5 check " + extra[3] + " gas (target < 80,000)");
        assertTrue(checkGas[5] > checkGas[1], "more signers cost more");
    }
}
