package io.assay.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bitcoin reserve sources in asset profiles are fully checked at load time. */
class BitcoinReserveProfileTest {
    private static final Path CHAINS = Path.of(System.getProperty("assay.project.dir", ".")).resolve("chains");
    private static final String XPUB = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";

    @TempDir
    Path dir;

    @Test
    void shippedProfilesLoadWithTheirReserveSets() {
        Profiles p = new ProfileLoader().load(CHAINS);
        ReserveSource r = p.assets().get("wbtc").reserves().get(0);
        assertEquals(SourceKind.SET, r.kind());
        assertEquals("https://wbtc.network/api/chain/eth/token/wbtc/addresses?type=custodial",
                r.set().http().url().toString());
        assertEquals(ReserveSet.Form.WBTC_PAGED, r.set().http().form());
        assertEquals("custodial", r.set().http().type());
        assertEquals("set.wbtc.custodial", r.set().membershipChain());
        ReserveSource t = p.assets().get("tbtc").reserves().get(0);
        assertEquals(ReserveSet.Kind.EVENTS, t.set().kind());
        assertEquals("0x5e4861a80B55f035D899f66772117F00FA0E8e7B", t.set().contract());
        assertEquals("ethereum", t.set().listChain());
        ReserveSource c = p.assets().get("cbbtc").reserves().get(0);
        assertEquals(SourceKind.SET, c.kind());
        assertEquals("published", c.id());
        assertEquals(ReserveSet.Kind.FILE, c.set().kind());
        assertEquals(169, c.set().members().size(), "every line of chains/assets/cbbtc-addresses.txt is a member");
        assertEquals("1KT28eYoKDnxMzqZKNGPGt29wM1zywTpes", c.set().members().get(0).display());
        assertEquals("1AkBonkaDh5fGa7yNfF9aDYqaKk1Hhw2SL", c.set().members().get(168).display());
        assertEquals(3, c.set().members().stream().filter(m -> m.display().startsWith("bc1q")).count(),
                "the list's three P2WPKH entries pass the bech32 checksum like the Base58 ones");
    }

    @Test
    void badDescriptorStopsLoadingNamingFileFieldAndReason() throws IOException {
        String file = asset("descriptor: \"wsh(multi(3," + XPUB + "/0/*," + XPUB + "/1/*))\"");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].descriptor: wsh(multi(...)): threshold 3 exceeds the 2 keys (at character 11)",
                e.getMessage());
    }

    @Test
    void checksumMismatchNamesTheExpectedChecksum() throws IOException {
        String file = asset("descriptor: \"wpkh(" + XPUB + "/0/*)#qqqqqqqq\"");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertTrue(e.getMessage().startsWith(file + ":15: reserves[0].descriptor: checksum mismatch (expected #"), e.getMessage());
    }

    @Test
    void testnetKeyOnAMainnetChainIsRefused() throws IOException {
        String tpub = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
        String file = asset("descriptor: \"wpkh(" + tpub + "/0/*)\"");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].descriptor: wpkh(...): 'tpubD6NzVbkr...7VKp' is a testnet tpub, but the chain "
                + "is mainnet (expected an xpub) (at character 6)", e.getMessage());
    }

    @Test
    void addressOfAnotherNetworkIsRefused() throws IOException {
        String file = asset("address: \"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7\"");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7' "
                + "is a testnet/signet address, but the chain is mainnet", e.getMessage());
    }

    @Test
    void gapLimitZeroIsOnlyRefusedForRangedDescriptors() throws IOException {
        asset("descriptor: \"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)\"\n    gapLimit: 0");
        assertEquals(0, new ProfileLoader().load(dir).assets().get("wbtc").reserves().get(0).gapLimit());
        String file = asset("descriptor: \"tr(" + XPUB + "/0/*)\"\n    gapLimit: 0");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":16: reserves[0].gapLimit: must be > 0 for a ranged descriptor (one with /*)", e.getMessage());
    }

    /** Copies the shipped chain profiles and writes the shipped WBTC asset with one Bitcoin reserve: {@code source}. */
    private String asset(String source) throws IOException {
        try (Stream<Path> s = Files.list(CHAINS)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(dir.resolve("assets"));
        String shipped = Files.readString(CHAINS.resolve("assets/wbtc.yaml"));
        int from = shipped.indexOf("\nreserves:\n") + 1;
        int to = shipped.indexOf("\nsupply:\n") + 1;
        String yaml = shipped.substring(0, from) + "reserves:\n  - id: custody\n    chain: bitcoin\n    " + source + "\n"
                + shipped.substring(to);
        Path f = dir.resolve("assets/wbtc.yaml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    @Test
    void reserveSetsAreCheckedAtLoadNamingFileAndField() throws IOException {
        String file = asset("set: {http: {url: \"https://example.org/list\"}, file: x.txt}");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set: expected exactly one of contract, events, http or file, found [http, file]",
                e.getMessage());
        file = asset("set: {http: {url: \"https://example.org/list\", form: pages}}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.http.form: expected wbtc-paged or array, found 'pages'", e.getMessage());
        file = asset("set: {http: {url: \"ftp://example.org/list\"}}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.http.url: expected an http:// or https:// URL with a host", e.getMessage());
        file = asset("set: {http: {url: \"https://example.org/list\", type: custodial}}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.http.type: a type filter applies to the wbtc-paged form only", e.getMessage());
        file = asset("set: {contract: {chain: bitcoin, address: \"0x5e4861a80B55f035D899f66772117F00FA0E8e7B\"}}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.contract.chain: the list contract is read from an EVM chain; 'bitcoin' is a "
                + "bitcoin chain", e.getMessage());
        file = asset("set: {http: {url: \"https://example.org/list\", maxShrinkBps: 20000}}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.http.maxShrinkBps: expected 0-10000 basis points of the current members, "
                + "found 20000", e.getMessage());
    }

    @Test
    void aFileSetListsItsMembersAndRefusesBadLines() throws IOException {
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("assets/list.txt"), """
                # published addresses
                bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
                raw(0014751e76e8199196d454941c45d1b3a323f1433bd6)   # the same script, given raw
                """);
        String file = asset("set: {file: list.txt}");
        ProfileException e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertEquals(file + ":15: reserves[0].set.file: list.txt line 3: duplicate member "
                + "'raw(0014751e76e8199196d454941c45d1b3a323f1433bd6)'", e.getMessage());
        Files.writeString(dir.resolve("assets/list.txt"), """
                bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
                3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy
                """);
        ReserveSource r = new ProfileLoader().load(dir).assets().get("wbtc").reserves().get(0);
        assertEquals(SourceKind.SET, r.kind());
        assertEquals(ReserveSet.Kind.FILE, r.set().kind());
        assertEquals(2, r.set().members().size());
        assertEquals("0014751e76e8199196d454941c45d1b3a323f1433bd6", r.set().members().get(0).scriptHex());
        assertEquals("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", r.set().members().get(1).display());
        for (Path unnormalised : List.of(dir.resolve("."), dir.resolve("assets/.."))) {
            assertEquals(2, new ProfileLoader().load(unnormalised).assets().get("wbtc").reserves().get(0).set().members().size(),
                    "a profile directory given as " + unnormalised + " still finds the list beside the profile");
        }
        asset("set: {file: ../list.txt}");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir.resolve(".")));
        assertTrue(e.getMessage().endsWith("assets/wbtc.yaml:15: reserves[0].set.file: expected a file next to the profile "
                + "(or below it), found '../list.txt'"), e.getMessage());
        file = asset("set: {file: list.txt}");
        Files.writeString(dir.resolve("assets/list.txt"), "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx\n");
        e = assertThrows(ProfileException.class, () -> new ProfileLoader().load(dir));
        assertTrue(e.getMessage().startsWith(file + ":15: reserves[0].set.file: list.txt line 1: "), e.getMessage());
    }
}
