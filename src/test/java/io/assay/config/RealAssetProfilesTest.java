package io.assay.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped real-asset profiles validate as the application loads them, and the new profile fields reject bad input. */
class RealAssetProfilesTest {
    private static final Path CHAINS = Path.of(System.getProperty("devnet.project-dir", "."), "chains");

    @TempDir
    Path dir;

    @Test
    void theShippedAssetProfilesValidate() {
        Profiles p = new ProfileLoader().load(CHAINS);
        assertEquals(List.of("cbbtc", "tbtc", "usdc", "wbtc"), p.assets().keySet().stream().sorted().toList());

        AssetProfile wbtc = p.asset("wbtc").orElseThrow();
        assertEquals(new IncumbentFeed("chainlink-wbtc-por", "ethereum", "0xa81FE04086865e63E12dD3776978E49DEEa2ea4e", 8,
                Duration.ofHours(24), 50, "issue 19; decimals checked on chain at start"), wbtc.incumbent());

        AssetProfile usdc = p.asset("usdc").orElseThrow();
        assertEquals(6, usdc.decimals());
        assertEquals(List.of("ethereum", "base", "arbitrum", "avalanche", "polygon", "solana"),
                usdc.supply().stream().map(SupplySource::chain).toList());
        assertTrue(usdc.supply().stream().allMatch(s -> s.decimals() == 6));
        assertEquals("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", usdc.supply().get(5).token());
        // Solana (domain 5) is a supply chain but not a burn-and-mint domain: its CCTP programs are not read yet
        assertEquals(List.of(0L, 1L, 3L, 6L, 7L), usdc.burnMint().domains().stream().map(BurnMint.Domain::domain).toList());
        assertEquals(List.of("ethereum", "avalanche", "arbitrum", "base", "polygon"),
                usdc.burnMint().domains().stream().map(BurnMint.Domain::chain).toList());
        String messengerV2 = "0x28b5a0e9C621a5BadaA536219b3a228C8168cf5d";
        String transmitterV2 = "0x81D40F21F12A8F0E3252Bccb954D722d4c464B64";
        assertEquals(new BurnMint.Domain("polygon", 7, "0x9daF8c91AEFAE50b9c0E69629D3F6Ca40cA3B3FE",
                "0xF3be9355363857F3e001be68856A2f96b4C39Ba9", messengerV2, transmitterV2), usdc.burnMint().byChain("polygon"));
        assertEquals(new BurnMint.Domain("avalanche", 1, "0x6B25532e1060CE10cc3B0A99e5683b91BFDe6982",
                "0x8186359aF5F57FbB40c6b14A588d2A59C0C29880", messengerV2, transmitterV2), usdc.burnMint().byChain("avalanche"));
        assertTrue(usdc.burnMint().domains().stream().allMatch(d -> messengerV2.equals(d.tokenMessengerV2())
                && transmitterV2.equals(d.messageTransmitterV2())));

        AssetProfile cbbtc = p.asset("cbbtc").orElseThrow();
        assertTrue(cbbtc.supply().stream().allMatch(s -> s.decimals() == 8));
        AssetProfile tbtc = p.asset("tbtc").orElseThrow();
        assertEquals(18, tbtc.decimals());
        assertEquals(18, tbtc.supply().get(0).decimals());
    }

    private ProfileException reject(String extra) throws IOException {
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("ethereum.yaml"), "name: ethereum\nfamily: evm\nchainId: 1\nfinality: {tag: finalized}\n");
        Files.writeString(dir.resolve("base.yaml"), "name: base\nfamily: evm\nchainId: 8453\nfinality: {tag: finalized}\n");
        Files.writeString(dir.resolve("bitcoin.yaml"), "name: bitcoin\nfamily: bitcoin\nnetwork: mainnet\nfinality: {confirmations: 6}\n");
        Files.writeString(dir.resolve("assets/x.yaml"), """
                id: x
                decimals: 6
                reserves: [{id: r, chain: ethereum, holder: "0x0000000000000000000000000000000000000001"}]
                supply:
                  - {chain: ethereum, token: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}
                  - {chain: base, token: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", decimals: 6}
                policy: {}
                """ + extra);
        return assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
    }

    @Test
    void badIncumbentAndBurnMintSettingsAreRefusedWithTheirField() throws IOException {
        ProfileException e = reject("incumbent: {chain: ethereum, feed: \"0xa81FE04086865e63E12dD3776978E49DEEa2ea4e\", decimals: 8}\n");
        assertTrue(e.getMessage().contains("decimals") && e.getMessage().contains("exceed"), e.getMessage());
        e = reject("incumbent: {chain: bitcoin, feed: \"0xa81FE04086865e63E12dD3776978E49DEEa2ea4e\", decimals: 6}\n");
        assertTrue(e.getMessage().contains("EVM"), e.getMessage());
        e = reject("incumbent: {chain: ethereum, feed: \"0xa81FE04086865e63E12dD3776978E49DEEa2ea4e\", decimals: 6, toleranceBps: 20000}\n");
        assertTrue(e.getMessage().contains("toleranceBps"), e.getMessage());
        e = reject("burnMint: {domains: [{chain: ethereum, domain: 0, tokenMessenger: \"0x0000000000000000000000000000000000000002\","
                + " messageTransmitter: \"0x0000000000000000000000000000000000000003\"}]}\n");
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
        e = reject("burnMint: {domains: [{chain: ethereum, domain: 0, tokenMessenger: \"0x0000000000000000000000000000000000000002\","
                + " messageTransmitter: \"0x0000000000000000000000000000000000000003\"}, {chain: base, domain: 0,"
                + " tokenMessenger: \"0x0000000000000000000000000000000000000004\","
                + " messageTransmitter: \"0x0000000000000000000000000000000000000005\"}]}\n");
        assertTrue(e.getMessage().contains("duplicate domain"), e.getMessage());
        e = reject("burnMint: {domains: [{chain: ethereum, domain: 0, tokenMessenger: \"0x0000000000000000000000000000000000000002\","
                + " messageTransmitter: \"0x0000000000000000000000000000000000000003\","
                + " tokenMessengerV2: \"0x28b5a0e9C621a5BadaA536219b3a228C8168cf5d\"}, {chain: base, domain: 6,"
                + " tokenMessenger: \"0x0000000000000000000000000000000000000004\","
                + " messageTransmitter: \"0x0000000000000000000000000000000000000005\"}]}\n");
        assertTrue(e.getMessage().contains("messageTransmitterV2") && e.getMessage().contains("both"), e.getMessage());
    }
}
