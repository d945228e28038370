package io.assay.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.EndpointPool;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.solana.SolanaClient.Commitment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Solana calls the indexer makes, sent either through an {@link EndpointPool} (retries, backoff, 429
 * Retry-After, failover) or to one endpoint (cross-checks). Lists of calls go out as JSON-RPC batches of at
 * most {@code batchSize}. Thread-safe.
 */
public final class SolanaRpc {
    private final EndpointPool pool;
    private final JsonRpcClient single;
    private final int batchSize;
    private final Commitment commitment;

    private SolanaRpc(EndpointPool pool, JsonRpcClient single, int batchSize, Commitment commitment) {
        this.pool = pool;
        this.single = single;
        this.batchSize = Math.max(1, batchSize);
        this.commitment = commitment;
    }

    public static SolanaRpc pooled(EndpointPool pool, int batchSize, Commitment commitment) {
        return new SolanaRpc(pool, null, batchSize, commitment);
    }

    /** Calls to one endpoint only, without retries (the caller retries). */
    public static SolanaRpc single(JsonRpcClient client, Commitment commitment) {
        return new SolanaRpc(null, client, 20, commitment);
    }

    public Commitment commitment() {
        return commitment;
    }

    public EndpointPool pool() {
        return pool;
    }

    /** Runs {@code op} on a client of the pool (with its retries and failover) or of the single endpoint. */
    public <T> T call(String what, Function<SolanaClient, T> op) {
        if (pool != null) {
            return pool.call(what, c -> op.apply(new SolanaClient(c)));
        }
        return op.apply(new SolanaClient(single));
    }

    /** Latest slot ({@code processed}) and the latest slot at the profile's commitment. */
    public Tip tip() {
        return call("getSlot", c -> {
            List<JsonNode> r = c.batch(List.of(SolanaClient.slotCall(Commitment.PROCESSED),
                    SolanaClient.slotCall(commitment)));
            long head = c.parsed(() -> SolanaClient.parseSlot(r.get(0), "getSlot"));
            long fin = c.parsed(() -> SolanaClient.parseSlot(r.get(1), "getSlot"));
            return new Tip(Math.max(head, fin), fin);
        });
    }

    public long slot() {
        return call("getSlot", c -> c.slot(commitment));
    }

    /**
     * Runs the calls built by {@code request} for each item in batches and parses each answer with
     * {@code parse}; one failed call fails (and retries) its whole batch.
     */
    public <I, T> List<T> batched(String what, List<I> items, Function<I, JsonRpcClient.Call> request,
                                  java.util.function.BiFunction<I, JsonNode, T> parse) {
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i += batchSize) {
            List<I> part = items.subList(i, Math.min(items.size(), i + batchSize));
            List<JsonRpcClient.Call> calls = part.stream().map(request).toList();
            out.addAll(call(what + " x" + part.size(), c -> {
                List<JsonNode> answers = c.batch(calls);
                List<T> parsed = new ArrayList<>(part.size());
                for (int k = 0; k < part.size(); k++) {
                    I item = part.get(k);
                    JsonNode a = answers.get(k);
                    parsed.add(c.parsed(() -> parse.apply(item, a)));
                }
                return parsed;
            }));
        }
        return out;
    }

    public SolanaClient.BlockHeader header(long slot) {
        return call("getBlock " + slot, c -> c.block(slot, commitment));
    }

    public List<Long> blocks(long start, long end) {
        return call("getBlocks " + start + "-" + end, c -> c.blocks(start, end, commitment));
    }

    public Long blockTime(long slot) {
        return call("getBlockTime " + slot, c -> c.blockTime(slot));
    }
}
