package io.assay.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {
    private static final String ETH = """
            name: ethereum
            family: evm
            chainId: 1
            finality: {tag: finalized}
            endpoints: [ "http://127.0.0.1:8545" ]
            """;
    private static final String BTC = """
            name: bitcoin
            family: bitcoin
            network: mainnet
            finality: {confirmations: 6}
            """;
    private static final String GOOD_ASSET = """
            id: wbtc
            decimals: 8
            reserves:
              - id: custody
                chain: bitcoin
                address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
            supply:
              - chain: ethereum
                token: "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"
                decimals: 8
            excluded:
              - id: escrow
                chain: ethereum
                holder: "0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf"
            policy:
              deviationBps: 50
              heartbeat: 24h
              minRatio: "1.0"
              stalenessTolerance: 2h
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private Profiles loadWithAsset(String asset) throws IOException {
        write("ethereum.yaml", ETH);
        write("bitcoin.yaml", BTC);
        write("assets/wbtc.yaml", asset);
        return new ProfileLoader().load(dir);
    }

    private ProfileException rejectAsset(String asset) throws IOException {
        return assertThrows(ProfileException.class, () -> loadWithAsset(asset));
    }

    @Test
    void loadsTheShippedProfiles() {
        Profiles p = new ProfileLoader().load(Path.of(System.getProperty("devnet.project-dir", "."), "chains"));
        assertEquals(List.of("arbitrum", "avalanche", "base", "bitcoin", "ethereum", "optimism", "polygon", "solana"),
                p.chains().keySet().stream().sorted().toList());
        assertEquals(137, p.chain("polygon").orElseThrow().chainId());
        assertEquals(43114, p.chain("avalanche").orElseThrow().chainId());
        assertEquals("mainnet", p.chain("bitcoin").orElseThrow().network());
        AssetProfile wbtc = p.asset("wbtc").orElseThrow();
        assertEquals(3, wbtc.supply().size());
        assertEquals(2, wbtc.excluded().size());
        assertEquals(SourceKind.SET, wbtc.reserves().get(0).kind());
        assertEquals(ReserveSet.Kind.HTTP, wbtc.reserves().get(0).set().kind());
        assertEquals(ReserveSet.Kind.EVENTS, p.asset("tbtc").orElseThrow().reserves().get(0).set().kind());
    }

    @Test
    void loadsTheDevnetProfiles() {
        Profiles p = new ProfileLoader().load(Path.of(System.getProperty("devnet.project-dir", "."), "chains/devnet/profiles"));
        assertEquals("regtest", p.chain("bitcoin").orElseThrow().network());
        assertEquals(new Finality(null, 2, Duration.ZERO), p.chain("ethereum").orElseThrow().finality());
        assertEquals(Duration.ofMillis(250), p.chain("ethereum").orElseThrow().limits().pollInterval());
        assertEquals(SourceKind.SCRIPT, p.asset("wbtc-demo").orElseThrow().reserves().get(0).kind());
    }

    @Test
    void readsEveryFieldOfAGoodAsset() throws IOException {
        AssetProfile a = loadWithAsset(GOOD_ASSET).asset("wbtc").orElseThrow();
        assertEquals("WBTC", a.symbol());
        assertEquals(8, a.decimals());
        ReserveSource r = a.reserves().get(0);
        assertEquals(SourceKind.ADDRESS, r.kind());
        assertEquals(8, r.decimals());
        assertEquals(new SupplySource("ethereum", "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", 8, 0), a.supply().get(0));
        assertEquals(new AssetPolicy(50, Duration.ofHours(24), new BigDecimal("1.0"), Duration.ofHours(2)), a.policy());
    }

    @Test
    void lowercaseEvmAddressIsAcceptedAndChecksummed() throws IOException {
        Profiles p = loadWithAsset(GOOD_ASSET.replace("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599",
                "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599"));
        assertEquals("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", p.asset("wbtc").orElseThrow().supply().get(0).token());
    }

    @Test
    void rejectsUnknownChain() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("  - chain: ethereum\n    token", "  - chain: ethereun\n    token"));
        assertTrue(e.getMessage().endsWith("assets/wbtc.yaml:8: supply[0].chain: unknown chain 'ethereun'; expected one of "
                + "[bitcoin, ethereum] (a chains/<name>.yaml profile)"), e.getMessage());
        assertEquals(8, e.line());
        assertEquals("supply[0].chain", e.field());
    }

    @Test
    void rejectsMalformedEvmAddress() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C5"));
        assertEquals("supply[0].token", e.field());
        assertTrue(e.getMessage().contains("expected a 0x-prefixed 20-byte hex EVM address"), e.getMessage());
    }

    @Test
    void rejectsWrongChecksumEvmAddress() throws IOException {
        // one letter's case flipped: EIP-55 catches it
        ProfileException e = rejectAsset(GOOD_ASSET.replace("0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf", "0x40ec5b33f54e0E8A33A975908C5BA1c14e5BbbDf"));
        assertEquals("excluded[0].holder", e.field());
        assertTrue(e.getMessage().contains("EIP-55 checksum mismatch") && e.getMessage().contains("0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf"),
                e.getMessage());
    }

    @Test
    void rejectsBitcoinAddressOfAnotherNetwork() throws IOException {
        // a testnet address on a mainnet chain
        ProfileException e = rejectAsset(GOOD_ASSET.replace("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"));
        assertEquals("reserves[0].address", e.field());
        assertTrue(e.getMessage().endsWith("'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx' is a testnet/signet address, but the chain is mainnet"), e.getMessage());
    }

    @Test
    void rejectsBitcoinAddressWithBadChecksum() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
        assertEquals("reserves[0].address", e.field());
    }

    @Test
    void rejectsMissingDecimals() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("    decimals: 8\nexcluded", "excluded"));
        assertEquals("supply[0].decimals", e.field());
        assertTrue(e.getMessage().contains("missing; expected the number of decimals"), e.getMessage());
    }

    @Test
    void rejectsDuplicateSourceId() throws IOException {
        String twice = GOOD_ASSET.replace("supply:", """
                  - id: custody
                    chain: bitcoin
                    address: bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3
                supply:""");
        ProfileException e = rejectAsset(twice);
        assertEquals("reserves[1].id", e.field());
        assertTrue(e.getMessage().contains("duplicate source id 'custody'"), e.getMessage());
    }

    @Test
    void rejectsTheSameAddressTwiceUnderDifferentIds() throws IOException {
        String twice = GOOD_ASSET.replace("supply:", """
                  - id: custody-2
                    chain: bitcoin
                    address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
                supply:""");
        ProfileException e = rejectAsset(twice);
        assertEquals("reserves[1]", e.field());
        assertTrue(e.getMessage().contains("counted twice"), e.getMessage());
    }

    @Test
    void rejectsNegativeThreshold() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("deviationBps: 50", "deviationBps: -5"));
        assertEquals("policy.deviationBps", e.field());
        assertTrue(e.getMessage().contains("expected 0-10000 basis points, found -5"), e.getMessage());
    }

    @Test
    void rejectsNegativeMinRatio() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("minRatio: \"1.0\"", "minRatio: \"-0.5\""));
        assertEquals("policy.minRatio", e.field());
    }

    @Test
    void rejectsUnreadableYaml() throws IOException {
        ProfileException e = rejectAsset("id: wbtc\nreserves: [ {id: a, chain: bitcoin\n");
        assertTrue(e.getMessage().contains("wbtc.yaml:2: unreadable YAML: while parsing a flow mapping"), e.getMessage());
    }

    @Test
    void rejectsYamlThatIsNotAMapping() throws IOException {
        ProfileException e = rejectAsset("- just\n- a list\n");
        assertTrue(e.getMessage().endsWith("wbtc.yaml:1: expected a YAML mapping at the top level, found a list"), e.getMessage());
    }

    @Test
    void rejectsMoreThanOneYamlDocument() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET + "---\nid: other\n");
        assertEquals(dir.resolve("assets/wbtc.yaml") + ":21: unreadable YAML: expected one document, found more",
                e.getMessage());
    }

    @Test
    void rejectsDuplicateYamlKeys() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("decimals: 8\nreserves", "decimals: 8\ndecimals: 9\nreserves"));
        assertTrue(e.getMessage().endsWith("wbtc.yaml:3: unreadable YAML: duplicate key decimals"), e.getMessage());
    }

    @Test
    void rejectsUnknownField() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("deviationBps: 50", "deviationBsp: 50"));
        assertEquals("policy.deviationBsp", e.field());
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void unknownFieldIsRefusedWithItsPathLineAndTheFieldsExpected() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("deviationBps: 50", "deviationBsp: 50"));
        assertEquals(dir.resolve("assets/wbtc.yaml") + ":16: policy.deviationBsp: unknown field; expected one of "
                + "[deviationBps, heartbeat, minRatio, stalenessTolerance]", e.getMessage());
        assertEquals(16, e.line());
        // a field of another family's reserves: the Bitcoin family's record refuses it
        e = rejectAsset(GOOD_ASSET.replace("    address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n",
                "    address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n    holder: \"0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf\"\n"));
        assertEquals(dir.resolve("assets/wbtc.yaml") + ":7: reserves[0].holder: unknown field; expected one of "
                + "[address, chain, decimals, descriptor, gapLimit, id, script]", e.getMessage());
        // a chain field only other families have
        write("bitcoin.yaml", BTC + "chainId: 1\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(dir.resolve("bitcoin.yaml") + ":5: chainId: unknown field for a bitcoin chain; only [evm] chains "
                + "have it", e.getMessage());
    }

    @Test
    void valueOfTheWrongTypeIsRefusedWithItsLine() throws IOException {
        String file = dir.resolve("assets/wbtc.yaml").toString();
        assertEquals(file + ":2: decimals: expected an integer, found 'eight'",
                rejectAsset(GOOD_ASSET.replace("decimals: 8\nreserves", "decimals: eight\nreserves")).getMessage());
        assertEquals(file + ":10: supply[0].decimals: expected an integer, found 8.5",
                rejectAsset(GOOD_ASSET.replace("    decimals: 8\nexcluded", "    decimals: 8.5\nexcluded")).getMessage());
        assertEquals(file + ":18: policy.minRatio: expected a decimal number such as \"1.0\", found a list",
                rejectAsset(GOOD_ASSET.replace("minRatio: \"1.0\"", "minRatio: [1]")).getMessage());
        assertEquals(file + ":8: supply[0].chain: expected a string, found a mapping",
                rejectAsset(GOOD_ASSET.replace("  - chain: ethereum\n    token", "  - chain: {name: ethereum}\n    token"))
                        .getMessage());
        assertEquals(file + ":15: policy: expected a mapping, found 'strict'",
                rejectAsset(GOOD_ASSET.substring(0, GOOD_ASSET.indexOf("policy:")) + "policy: strict\n").getMessage());
        assertEquals(file + ":3: reserves: expected a list, found a mapping",
                rejectAsset(GOOD_ASSET.replace("reserves:\n  - id: custody", "reserves:\n    id: custody")
                        .replace("\n    chain: bitcoin\n    address", "\n    chain: bitcoin\n    address")).getMessage());
        assertEquals(file + ":1: id: is empty; expected a non-empty string",
                rejectAsset(GOOD_ASSET.replace("id: wbtc", "id: \"  \"")).getMessage());
    }

    /** Refuses every EVM reserve whose holder is not on its list: a stand-in for a family's own rules. */
    private static final class AllowListRules extends FamilyProfileRules {
        private final FamilyProfileRules evm;
        private final String allowed;

        AllowListRules(FamilyProfileRules evm, String allowed) {
            super(ChainFamily.EVM);
            this.evm = evm;
            this.allowed = allowed;
        }

        @Override
        public ReserveSource reserve(ProfileDoc.At entry, String id, ChainProfile chain) {
            ReserveSource r = evm.reserve(entry, id, chain);
            if (!r.target().equals(allowed)) {
                throw entry.error("holder", "not on the allow list");
            }
            return r;
        }

        @Override
        public String supplyToken(ProfileDoc.At entry, String token, ChainProfile chain) {
            return evm.supplyToken(entry, token, chain);
        }

        @Override
        public String excludedHolder(ProfileDoc.At entry, String holder, ChainProfile chain) {
            return evm.excludedHolder(entry, holder, chain);
        }
    }

    @Test
    void eachFamilysRulesCheckTheEntriesOnItsChains() throws IOException {
        assertEquals(List.of(ChainFamily.EVM, ChainFamily.BITCOIN, ChainFamily.SOLANA),
                ProfileLoader.discovered().stream().map(FamilyProfileRules::family).toList());
        FamilyProfileRules evm = ProfileLoader.discovered().get(0);
        FamilyProfileRules bitcoin = ProfileLoader.discovered().get(1);
        String asset = GOOD_ASSET.replace("supply:", """
                  - id: hot
                    chain: ethereum
                    holder: "0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf"
                supply:""").replace("excluded:\n  - id: escrow\n    chain: ethereum\n"
                + "    holder: \"0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf\"\n", "");
        write("ethereum.yaml", ETH);
        write("bitcoin.yaml", BTC);
        write("assets/wbtc.yaml", asset);
        ProfileLoader allowOther = new ProfileLoader(n -> Optional.empty(), n -> Optional.empty(),
                List.of(new AllowListRules(evm, "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"), bitcoin));
        ProfileException e = assertThrows(ProfileException.class, () -> allowOther.load(dir));
        assertEquals(dir.resolve("assets/wbtc.yaml") + ":9: reserves[1].holder: not on the allow list", e.getMessage());
        ProfileLoader allowIt = new ProfileLoader(n -> Optional.empty(), n -> Optional.empty(),
                List.of(new AllowListRules(evm, "0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf"), bitcoin));
        ReserveSource hot = allowIt.load(dir).asset("wbtc").orElseThrow().reserves().get(1);
        assertEquals(new ReserveSource("hot", "ethereum", SourceKind.HOLDER, "0x40ec5B33f54e0E8A33A975908C5BA1c14e5BbbDf",
                null, 18, 0), hot);
        // a family without rules on the class path: its chains load, entries on them cannot
        ProfileLoader noBitcoin = new ProfileLoader(n -> Optional.empty(), n -> Optional.empty(), List.of(evm));
        e = assertThrows(ProfileException.class, () -> noBitcoin.load(dir));
        assertEquals(dir.resolve("assets/wbtc.yaml") + ":5: reserves[0].chain: 'bitcoin' is a bitcoin chain, and no "
                + "profile rules for that family are on the class path "
                + "(META-INF/services/io.assay.config.FamilyProfileRules)", e.getMessage());
    }

    @Test
    void rejectsUnknownChainFamily() throws IOException {
        write("ethereum.yaml", ETH.replace("family: evm", "family: cosmos"));
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("family", e.field());
        assertTrue(e.getMessage().contains("unknown value 'cosmos'; expected one of evm, bitcoin, solana"), e.getMessage());
    }

    @Test
    void bitcoinBackfillDefaultsToFullAndAcceptsFilters() throws IOException {
        Profiles p = loadWithAsset(GOOD_ASSET);
        assertEquals(ChainProfile.FULL, p.chains().get("bitcoin").backfill());
        assertEquals(null, p.chains().get("ethereum").backfill());
        write("bitcoin.yaml", BTC + "backfill: filters\n");
        assertTrue(new ProfileLoader().load(dir).chains().get("bitcoin").filterBackfill());
        write("bitcoin.yaml", BTC + "backfill: sometimes\n");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("backfill", e.field());
        assertTrue(e.getMessage().contains("expected 'full', 'filters' or 'history', found 'sometimes'"), e.getMessage());
        write("bitcoin.yaml", BTC);
        write("ethereum.yaml", ETH + "backfill: filters\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("backfill", e.field());
    }

    @Test
    void esploraEndpointsAreMarkedByTheirPrefixAndNotMixedWithCore() throws IOException {
        write("ethereum.yaml", ETH);
        write("assets/wbtc.yaml", GOOD_ASSET);
        write("bitcoin.yaml", BTC + "endpoints: [ \"esplora+https://blockstream.info/api\" ]\n");
        ChainProfile c = new ProfileLoader().load(dir).chains().get("bitcoin");
        assertTrue(c.endpoints().get(0).isEsplora());
        assertEquals("https://blockstream.info/api", c.endpoints().get(0).uri().toString());
        assertEquals("esplora+https://blockstream.info/…", c.endpoints().get(0).redacted());
        write("bitcoin.yaml", BTC + "endpoints: [ \"esplora+https://blockstream.info/api\", \"http://127.0.0.1:8332\" ]\n");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("endpoints", e.field());
        write("bitcoin.yaml", BTC + "endpoints: [ \"esplora+https://blockstream.info/api\" ]\nbackfill: filters\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("backfill", e.field());
        write("bitcoin.yaml", BTC + "endpoints: [ \"esplora+https://blockstream.info/api\" ]\nbackfill: history\n");
        assertTrue(new ProfileLoader().load(dir).chains().get("bitcoin").historyBackfill());
        write("bitcoin.yaml", BTC + "endpoints: [ \"http://127.0.0.1:8332\" ]\nbackfill: history\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("backfill", e.field());
        assertTrue(e.getMessage().contains("history needs esplora+ endpoints"), e.getMessage());
        write("bitcoin.yaml", BTC);
        write("ethereum.yaml", ETH.replace("http://127.0.0.1:8545", "esplora+http://127.0.0.1:8545"));
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("endpoints", e.field());
    }

    @Test
    void rejectsBadFinalityTag() throws IOException {
        write("ethereum.yaml", ETH.replace("tag: finalized", "tag: latest"));
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("finality.tag", e.field());
    }

    @Test
    void rejectsNameThatDiffersFromFileName() throws IOException {
        write("ethereum.yaml", ETH.replace("name: ethereum", "name: mainnet"));
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("name", e.field());
    }

    @Test
    void rejectsBadDescriptorChecksum() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                "descriptor: \"raw(deadbeef)#aaaaaaaa\""));
        assertEquals("reserves[0].descriptor", e.field());
        assertTrue(e.getMessage().contains("checksum mismatch (expected #89f8spxm)"), e.getMessage());
    }

    @Test
    void rejectsOddLengthScript() throws IOException {
        ProfileException e = rejectAsset(GOOD_ASSET.replace("address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "script: \"0014abc\""));
        assertEquals("reserves[0].script", e.field());
    }

    @Test
    void endpointOverrideReplacesProfileEndpoints() throws IOException {
        write("ethereum.yaml", ETH);
        Profiles p = new ProfileLoader(name -> name.equals("ethereum")
                ? Optional.of(List.of("https://user:secret@rpc.example:8443/v3/KEY", "http://127.0.0.1:9"))
                : Optional.empty()).load(dir);
        List<Endpoint> eps = p.chain("ethereum").orElseThrow().endpoints();
        assertEquals(2, eps.size());
        // credentials and key never show in the printable form
        assertEquals("https://rpc.example:8443/…", eps.get(0).toString());
        assertTrue(!eps.get(0).toString().contains("secret") && !eps.get(0).toString().contains("KEY"));
    }

    @Test
    void badEndpointMessageDoesNotEchoTheUrl() throws IOException {
        write("ethereum.yaml", ETH.replace("http://127.0.0.1:8545", "ftp://secret-key@host"));
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals("endpoints[0]", e.field());
        assertTrue(!e.getMessage().contains("secret-key"), e.getMessage());
    }

    @Test
    void durationsAcceptShortAndIsoForms() throws IOException {
        write("ethereum.yaml", ETH + "blockTime: 250ms\nlimits: {timeout: 30m, pollInterval: PT1H}\n");
        ChainProfile c = new ProfileLoader().load(dir).chain("ethereum").orElseThrow();
        assertEquals(Duration.ofMillis(250), c.blockTime());
        assertEquals(Duration.ofMinutes(30), c.limits().timeout());
        assertEquals(Duration.ofHours(1), c.limits().pollInterval());
        Path f = write("ethereum.yaml", ETH + "blockTime: soon\n");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(f + ":6: blockTime: expected a duration such as 250ms, 45s, 30m, 2h, 1d or ISO-8601 PT1H, found 'soon'",
                e.getMessage());
        write("ethereum.yaml", ETH + "limits:\n  timeout: -5s\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(f + ":7: limits.timeout: must not be negative, found '-5s'", e.getMessage());
        assertEquals(7, e.line());
    }

    @Test
    void missingDirectoryIsNamed() {
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope: profile directory not found"), e.getMessage());
    }

}
