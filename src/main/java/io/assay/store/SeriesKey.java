package io.assay.store;

/**
 * The identity of a series: {@code asset/chain/metric/source}, for example {@code wbtc/bitcoin/reserve/custody-1}
 * or the per-(asset, chain, metric) aggregate {@code wbtc/ethereum/supply/_total}. Each part is
 * {@code [a-z0-9_.-]+} (1-64 characters, not {@code .} or {@code ..}); the series belongs to {@code chain} (its points are committed and rolled back with it).
 */
public record SeriesKey(String asset, String chain, String metric, String source) {
    /** Source name of a per-(asset, chain, metric) aggregate. */
    public static final String TOTAL = "_total";

    public SeriesKey {
        check("asset", asset);
        check("chain", chain);
        check("metric", metric);
        check("source", source);
    }

    public static SeriesKey parse(String key) {
        String[] p = key.split("/", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("series key must be asset/chain/metric/source, found '" + key + "'");
        }
        return new SeriesKey(p[0], p[1], p[2], p[3]);
    }

    public static SeriesKey total(String asset, String chain, String metric) {
        return new SeriesKey(asset, chain, metric, TOTAL);
    }

    private static void check(String what, String v) {
        if (!isValidPart(v)) {
            throw new IllegalArgumentException("series " + what + " must be 1-64 of [a-z0-9_.-], found '" + v + "'");
        }
    }

    /**
     * True if {@code v} is 1-64 characters of {@code [a-z0-9_.-]} other than {@code .} and {@code ..} (also the rule
     * for chain and state names, which name files).
     */
    public static boolean isValidPart(String v) {
        if (v == null || v.isEmpty() || v.length() > 64 || v.equals(".") || v.equals("..")) {
            return false; // "." and ".." would name directories when used as chain or state names
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return asset + "/" + chain + "/" + metric + "/" + source;
    }
}
