package io.assay.config;

import java.time.Duration;

/**
 * When a block counts as final. EVM chains use a tag ({@code finalized}, {@code safe}) or a number of
 * confirmations; Bitcoin uses confirmations; Solana uses a commitment level ({@code finalized}).
 *
 * @param tag           block tag or commitment, or null when {@code confirmations} rules
 * @param confirmations blocks on top of a block before it is final (0 when a tag rules)
 * @param quietSkew     for a quiet chain (its head is its final head and nothing new appears): how far below the
 *                      wall clock the time of the next block may lie when it is found. The chain is then known final
 *                      until the wall clock minus this; null for the family's default ({@link #quietSkew(ChainFamily,
 *                      String)}); see docs/consistent-cut.md
 */
public record Finality(String tag, long confirmations, Duration quietSkew) {
    public Finality(String tag, long confirmations) {
        this(tag, confirmations, null);
    }

    /**
     * The quiet skew in force: the profile's, else the family's default. EVM and Solana producers stamp a block with
     * their clock when they make it (2 s allowed); Bitcoin's rules let a new block's time lie up to about an hour in
     * the past (above the median of the last 11), so outside regtest a quiet Bitcoin chain is covered only through its
     * last final block (empty: no quiet extension). Regtest stamps with the node's clock (0 s).
     */
    public java.util.Optional<Duration> quietSkew(ChainFamily family, String network) {
        if (quietSkew != null) {
            return quietSkew.isNegative() ? java.util.Optional.empty() : java.util.Optional.of(quietSkew);
        }
        return switch (family) {
            case EVM, SOLANA -> java.util.Optional.of(Duration.ofSeconds(2));
            case BITCOIN -> "regtest".equals(network) ? java.util.Optional.of(Duration.ZERO) : java.util.Optional.empty();
        };
    }
    public static Finality ofTag(String tag) {
        return new Finality(tag, 0);
    }

    public static Finality ofConfirmations(long n) {
        return new Finality(null, n);
    }

    public boolean byTag() {
        return tag != null;
    }

    @Override
    public String toString() {
        return byTag() ? "tag:" + tag : confirmations + " confirmations";
    }
}
