package io.assay.attest;

import io.assay.devnet.DevnetException;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example {@code SecureMint} on anvil: it mints a DemoToken only with a fresh report by an allowed signer,
 * for its asset, whose reserves cover circulating supply plus the mint (and plus what it minted after the
 * report's as-of time). Balances are checked after every attempt.
 */
class SecureMintContractTest {
    static final String MINT = "mint(address,uint256," + ReportAbi.REPORT_TUPLE + ",bytes)";
    static final SigningKey SIGNER = SigningKey.generate(new SecureRandom());
    @RegisterExtension
    static final VerifierOnAnvil ANVIL = new VerifierOnAnvil(SIGNER, 3600);
    Erc20 token;
    String secureMint;
    String alice;

    @BeforeEach
    void deployTokenAndMinter() {
        token = Erc20.deploy(ANVIL.node(), OnChain.DEPLOYER, "Wrapped BTC (demo)", "WBTC", 8);
        secureMint = ANVIL.chain().deploySecureMint(ANVIL.verifier(), token.address(), "wbtc-demo", 8);
        ANVIL.node().send(OnChain.DEPLOYER, token.address(),
                ReportAbi.call("transferOwnership(address)", List.of(new Address(secureMint))));
        alice = ANVIL.node().accounts().get(1);
    }

    SignedReport report(String assetId, int decimals, long reserves, long circulating, long timestamp, long validUntil) {
        PorReport r = new PorReport(assetId, BigInteger.valueOf(7), decimals, BigInteger.valueOf(reserves),
                BigInteger.valueOf(circulating), timestamp, validUntil, Reports.sample().heights());
        return SignedReport.sign(r, ReportDomain.of(1), SIGNER);
    }

    SignedReport fresh(long reserves, long circulating) {
        long now = ANVIL.chain().latestTimestamp();
        return report("wbtc-demo", 8, reserves, circulating, now - 5, now + 3600);
    }

    @SuppressWarnings("rawtypes")
    static String mintData(String to, long amount, SignedReport s) {
        List<Type> args = List.of(new Address(to), new Uint256(amount), ReportAbi.report(s.message()), ReportAbi.signature(s.signature()));
        return ReportAbi.call(MINT, args);
    }

    void mint(String from, String to, long amount, SignedReport s) {
        ANVIL.node().send(from, secureMint, mintData(to, amount, s));
    }

    /**
     * The mint must be refused: simulated with {@code eth_call} it reverts with {@code reason}, and sent as a
     * transaction it is mined as reverted (anvil mines it rather than refusing it at gas estimation).
     */
    void assertMintRefused(String reason, String from, String to, long amount, SignedReport s) {
        BigInteger supply = token.totalSupply("latest");
        OnChain.assertReverts(reason, () -> ANVIL.chain().callFrom(from, secureMint, mintData(to, amount, s)));
        DevnetException e = assertThrows(DevnetException.class, () -> mint(from, to, amount, s));
        assertTrue(e.getMessage().endsWith("reverted"), e.getMessage());
        assertEquals(supply, token.totalSupply("latest"), "a refused mint changes nothing");
    }

    BigInteger balance(String holder) {
        return token.balanceOf(holder, "latest");
    }

    @Test
    void mintsWhenReservesCoverCirculatingPlusTheMint() {
        var receipt = ANVIL.node().send(OnChain.DEPLOYER, secureMint, mintData(alice, 100, fresh(1000, 900)));
        System.out.println("SecureMint.mint gas used (first mint, cold storage): " + EvmNode.hexLong(receipt.get("gasUsed")));
        assertEquals(BigInteger.valueOf(100), balance(alice));
        assertEquals(BigInteger.valueOf(100), token.totalSupply("latest"));
    }

    @Test
    void refusesAMintTheReservesDoNotCover() {
        assertMintRefused("SecureMint: reserves do not cover circulating supply plus this mint", OnChain.DEPLOYER, alice, 101, fresh(1000, 900));
        assertEquals(BigInteger.ZERO, balance(alice));
    }

    @Test
    void countsItsOwnMintsMadeAfterTheReportsAsOfTime() {
        SignedReport r = fresh(1000, 900);
        mint(OnChain.DEPLOYER, alice, 60, r);
        // the same report again: its 900 does not include the 60 just minted
        assertMintRefused("SecureMint: reserves do not cover circulating supply plus this mint", OnChain.DEPLOYER, alice, 41, r);
        mint(OnChain.DEPLOYER, alice, 40, r);
        assertEquals(BigInteger.valueOf(100), balance(alice));
        // a newer report that includes the 100 minted: room for 50 more, not 51
        ANVIL.node().mine(1);
        long now = ANVIL.chain().latestTimestamp();
        SignedReport newer = report("wbtc-demo", 8, 1050, 1000, now, now + 3600);
        assertMintRefused("SecureMint: reserves do not cover circulating supply plus this mint", OnChain.DEPLOYER, alice, 51, newer);
        mint(OnChain.DEPLOYER, alice, 50, newer);
        assertEquals(BigInteger.valueOf(150), balance(alice));
    }

    @Test
    void refusesStaleForeignUnsignedOrUnauthorisedMints() {
        long now = ANVIL.chain().latestTimestamp();
        assertMintRefused("AssayVerifier: report expired", OnChain.DEPLOYER, alice, 1, report("wbtc-demo", 8, 1000, 900, now - 100, now - 1));
        assertMintRefused("SecureMint: report is for another asset", OnChain.DEPLOYER, alice, 1, report("usdc", 8, 1000, 900, now - 5, now + 3600));
        assertMintRefused("SecureMint: report decimals differ from the token's", OnChain.DEPLOYER, alice, 1, report("wbtc-demo", 18, 1000, 900, now - 5, now + 3600));
        SignedReport stranger = SignedReport.sign(Reports.sample(now - 5, now + 3600), ReportDomain.of(1),
                SigningKey.generate(new SecureRandom()));
        SignedReport strangerForAsset = SignedReport.sign(new PorReport("wbtc-demo", BigInteger.ONE, 8, BigInteger.valueOf(1000),
                BigInteger.valueOf(900), now - 5, now + 3600, stranger.message().heights()), ReportDomain.of(1),
                SigningKey.generate(new SecureRandom()));
        assertMintRefused("AssayVerifier: signer not allowed", OnChain.DEPLOYER, alice, 1, strangerForAsset);
        SignedReport good = fresh(1000, 900);
        SignedReport forged = new SignedReport(good.assetId(), good.domain(),
                VerifierTest.with(good.message(), "reserves", BigInteger.valueOf(1_000_000)), good.digest(), good.signature());
        assertMintRefused("AssayVerifier: signature does not match the report's signer", OnChain.DEPLOYER, alice, 500_000, forged);
        assertMintRefused("SecureMint: not minter", alice, alice, 1, good);
        assertEquals(BigInteger.ZERO, balance(alice));
        assertEquals(BigInteger.ZERO, token.totalSupply("latest"));
    }
}
