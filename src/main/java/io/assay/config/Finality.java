package io.assay.config;

/**
 * When a block counts as final. EVM chains use a tag ({@code finalized}, {@code safe}) or a number of
 * confirmations; Bitcoin uses confirmations; Solana uses a commitment level ({@code finalized}).
 *
 * @param tag           block tag or commitment, or null when {@code confirmations} rules
 * @param confirmations blocks on top of a block before it is final (0 when a tag rules)
 */
public record Finality(String tag, long confirmations) {
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
