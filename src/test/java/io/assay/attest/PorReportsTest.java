package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.por.Amount;
import io.assay.por.ChainFreshness;
import io.assay.por.Round;
import io.assay.por.Snapshot;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine's rounds and snapshots become the reports the signer signs. */
class PorReportsTest {
    static final Instant AT = Instant.parse("2026-01-01T00:00:00.750Z");
    static final String EVM_HASH = "0x" + "ab".repeat(32);
    static final String BTC_HASH = "00000000000000000001" + "cd".repeat(22);
    static final String SOL_HASH = "4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn"; // base58 of 32 bytes

    static Round round(String ratio, String reserves, String circulating) {
        return new Round("wbtc", 5, reserves, 8, reserves, "2000", "0", circulating, ratio, AT, AT, 5, "deviation",
                List.of(new Round.ChainHeight("solana", 300_000_000L, SOL_HASH, AT),
                        new Round.ChainHeight("ethereum", 21_000_000L, EVM_HASH, AT),
                        new Round.ChainHeight("bitcoin", 901_234L, BTC_HASH, AT)));
    }

    @Test
    void aRoundBecomesAReportWithItsHeightsSortedAndHashesDecoded() {
        PorReport r = PorReports.of(round("1.050000000000000000", "2100", "2000"), Duration.ofHours(2));
        assertEquals("wbtc", r.assetId());
        assertEquals(BigInteger.valueOf(5), r.roundId());
        assertEquals(8, r.decimals());
        assertEquals(BigInteger.valueOf(2100), r.reserves());
        assertEquals(BigInteger.valueOf(2000), r.circulating());
        assertEquals(1_767_225_600L, r.timestamp(), "as-of floored to the second");
        assertEquals(1_767_225_600L + 7200, r.validUntil());
        assertEquals(List.of("bitcoin", "ethereum", "solana"), r.heights().stream().map(ChainHeight::chain).toList());
        assertEquals("0x" + BTC_HASH, r.heights().get(0).blockHash().hex());
        assertEquals(EVM_HASH, r.heights().get(1).blockHash().hex());
        assertEquals(Bytes32.of(org.bitcoinj.base.Base58.decode(SOL_HASH)), r.heights().get(2).blockHash());
    }

    @Test
    void theEnginesRatioMustBeTheOneSigned() {
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> PorReports.of(round("1.060000000000000000", "2100", "2000"), Duration.ofHours(1)));
        assertEquals("wbtc: engine ratio 1.060000000000000000 differs from floor(reserves * 1e18 / circulating) = "
                + "1050000000000000000", x.getMessage());
        PorReport none = PorReports.of(round(null, "2100", "0"), Duration.ofHours(1));
        assertEquals(ReportMessage.UINT256_MAX, ReportMessage.ratio(none.reserves(), none.circulating()));
    }

    static Snapshot snapshot(Snapshot.Status status, String hash) {
        ChainFreshness c = new ChainFreshness("ethereum", 10, hash, AT, AT, Duration.ZERO, false, null);
        return new Snapshot("wbtc", AT, 8, List.of(), List.of(), List.of(), new Amount(BigInteger.valueOf(300), 8),
                new Amount(BigInteger.valueOf(250), 8), new Amount(BigInteger.ZERO, 8), new Amount(BigInteger.valueOf(250), 8),
                "1.200000000000000000", false, List.of(c), status, status == Snapshot.Status.OK ? List.of() : List.of("ethereum is 3h behind"));
    }

    @Test
    void anOkSnapshotIsRoundZero() {
        PorReport r = PorReports.of(snapshot(Snapshot.Status.OK, EVM_HASH.substring(2)), Duration.ofMinutes(30));
        assertEquals(BigInteger.ZERO, r.roundId());
        assertEquals(BigInteger.valueOf(300), r.reserves());
        assertEquals(BigInteger.valueOf(250), r.circulating());
        assertEquals(EVM_HASH, r.heights().get(0).blockHash().hex());
    }

    @Test
    void staleSnapshotsAndUnknownBlockHashesAreNotSigned() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> PorReports.of(snapshot(Snapshot.Status.STALE, EVM_HASH), Duration.ofMinutes(30)));
        assertEquals("snapshot of wbtc as of 2026-01-01T00:00:00.750Z is STALE [ethereum is 3h behind]; only an OK"
                + " snapshot is signed", x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> PorReports.of(snapshot(Snapshot.Status.OK, null), Duration.ofMinutes(30)));
        assertEquals("wbtc: no block hash known for ethereum at the report's height; a report names the exact blocks it"
                + " was computed from", x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> PorReports.of(snapshot(Snapshot.Status.OK, "0xabc"), Duration.ofMinutes(30)));
        assertEquals("wbtc: block hash of ethereum is neither 32-byte hex nor base58 of 32 bytes", x.getMessage());
    }
}
