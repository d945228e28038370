package io.assay.chain.bitcoin;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the scripts' balance histories of a {@link CoinLookup.History} block by block, while a lookup replays the
 * range: {@link #add} for every output created or spent, {@link #endBlock} after each block, in height order.
 */
final class BalanceSteps {
    private final Map<ByteBuffer, long[]> balance = new HashMap<>();
    private final Set<ByteBuffer> touched = new LinkedHashSet<>();
    private final Map<String, List<CoinLookup.Step>> steps = new LinkedHashMap<>();
    private long lastHeight = Long.MIN_VALUE;

    /** {@code sats} more (or, negative, less) on {@code script} in the current block. */
    void add(byte[] script, long sats) {
        ByteBuffer k = ByteBuffer.wrap(script);
        balance.computeIfAbsent(k, x -> new long[1])[0] += sats;
        touched.add(k);
    }

    /** Closes block {@code height}: a step for every script whose balance it changed. */
    void endBlock(long height, String hash) {
        if (height <= lastHeight) {
            throw new IllegalArgumentException("block " + height + " after " + lastHeight);
        }
        lastHeight = height;
        for (ByteBuffer k : touched) {
            long v = balance.get(k)[0];
            if (v < 0) {
                throw new IllegalStateException("balance of " + HexFormat.of().formatHex(k.array()) + " below zero at"
                        + " block " + height);
            }
            List<CoinLookup.Step> l = steps.computeIfAbsent(HexFormat.of().formatHex(k.array()), x -> new ArrayList<>());
            long before = l.isEmpty() ? 0 : l.get(l.size() - 1).balance();
            if (v != before) {
                l.add(new CoinLookup.Step(height, hash, v));
            }
        }
        touched.clear();
    }

    /** The histories built, scripts (hex) whose balance never changed left out. */
    Map<String, List<CoinLookup.Step>> steps() {
        Map<String, List<CoinLookup.Step>> out = new LinkedHashMap<>();
        steps.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, List.copyOf(v));
            }
        });
        return out;
    }
}
