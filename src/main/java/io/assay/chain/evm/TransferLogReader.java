package io.assay.chain.evm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an {@code eth_getLogs} answer of ERC-20 Transfer logs into per-block slot deltas, without an object
 * per log. One reader serves one query side:
 * <ul>
 *   <li>{@link Side#FROM} — logs whose {@code from} topic is the zero address (mints: supply += value) or a
 *       tracked holder (holder -= value);</li>
 *   <li>{@link Side#TO} — logs whose {@code to} topic is the zero address (burns: supply -= value) or a
 *       tracked holder (holder += value).</li>
 * </ul>
 * Each effect of a Transfer is counted by exactly one side, so the two answers add up without de-duplication.
 * Every log is checked against the request (contract, topics, block range, ordering, one hash per block, not
 * removed); a violation fails the whole answer.
 */
final class TransferLogReader implements JsonRpcClient.ResultReader<List<BlockChange>> {
    enum Side { FROM, TO }

    private final EvmTracking tracking;
    private final Side side;
    private final long from;
    private final long to;
    private final int slots;
    private final long[] word = new long[2];
    private final char[] hashBuf = new char[66];
    private long logs;

    TransferLogReader(EvmTracking tracking, Side side, long from, long to) {
        this.tracking = tracking;
        this.side = side;
        this.from = from;
        this.to = to;
        this.slots = tracking.slots().size();
    }

    long logs() {
        return logs;
    }

    /** The fields of the log being read; one per reader, reset for every log (no object per log). */
    private static final class Log {
        long block;
        long logIndex;
        long timestamp;
        int token;
        int topics;
        int fromParty;
        int toParty;
        boolean topic0;
        boolean haveData;
        boolean fits;
        boolean removed;
        long hi;
        long lo;
        int hashLen;

        void reset() {
            block = -1;
            logIndex = -1;
            timestamp = -1;
            token = -1;
            topics = 0;
            fromParty = -1;
            toParty = -1;
            topic0 = false;
            haveData = false;
            fits = true;
            removed = false;
            hi = 0;
            lo = 0;
            hashLen = -1;
        }
    }

    private final Log log = new Log();

    @Override
    public List<BlockChange> read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw malformed("eth_getLogs result is not an array");
        }
        List<BlockChange> out = new ArrayList<>();
        BlockChange current = null;
        long lastIndex = -1;
        Log l = log;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            readLog(p, l);
            logs++;
            check(l);
            long block = l.block;
            if (current == null || block != current.height) {
                if (current != null && block < current.height) {
                    throw malformed("logs out of block order (" + block + " after " + current.height + ")");
                }
                current = new BlockChange(block, slots);
                current.hash = new String(hashBuf, 0, l.hashLen).toLowerCase(java.util.Locale.ROOT);
                out.add(current);
                lastIndex = -1;
            } else if (!equalsIgnoreCase(current.hash, hashBuf, 0, l.hashLen)) {
                throw new InconsistentAnswerException("logs of block " + block + " carry two block hashes ("
                        + current.hash + ", " + new String(hashBuf, 0, l.hashLen) + ")");
            }
            if (l.logIndex <= lastIndex) {
                throw malformed("logs of block " + block + " out of order (index " + l.logIndex + " after " + lastIndex + ")");
            }
            lastIndex = l.logIndex;
            if (l.timestamp >= 0 && current.time < 0) {
                current.time = l.timestamp * 1000;
            }
            current.events++;
            apply(current, l.token, side == Side.FROM ? l.fromParty : l.toParty, l.hi, l.lo, block);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw malformed("eth_getLogs result holds something other than log objects");
        }
        return out;
    }

    /** Reads the fields of one log object (the parser at its START_OBJECT) into {@code l}; the hash into hashBuf. */
    private void readLog(JsonParser p, Log l) throws IOException {
        l.reset();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "address" -> {
                    requireString(p, t, f);
                    l.token = tracking.tokenIndex(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (l.token < 0) {
                        throw malformed("log from contract " + p.getText() + ", which was not asked for");
                    }
                }
                case "topics" -> readTopics(p, t, l);
                case "data" -> {
                    requireString(p, t, f);
                    int len = p.getTextLength();
                    if (len == 66) {
                        l.fits = EvmHex.uint256(p.getTextCharacters(), p.getTextOffset(), len, word);
                        l.hi = word[0];
                        l.lo = word[1];
                        l.haveData = true;
                    }
                }
                case "blockNumber" -> {
                    requireString(p, t, f);
                    l.block = EvmHex.quantity(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
                case "blockTimestamp" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        l.timestamp = EvmHex.quantity(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                }
                case "logIndex" -> {
                    requireString(p, t, f);
                    l.logIndex = EvmHex.quantity(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
                case "blockHash" -> {
                    requireString(p, t, f);
                    l.hashLen = p.getTextLength();
                    if (l.hashLen != 66) {
                        throw malformed("log blockHash is not a 32-byte hash: " + p.getText());
                    }
                    System.arraycopy(p.getTextCharacters(), p.getTextOffset(), hashBuf, 0, l.hashLen);
                }
                case "removed" -> l.removed = t == JsonToken.VALUE_TRUE;
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw malformed("log is not a JSON object");
        }
    }

    private void readTopics(JsonParser p, JsonToken t, Log l) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw malformed("log topics is not an array");
        }
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            char[] c = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            switch (l.topics) {
                case 0 -> l.topic0 = equalsIgnoreCase(EvmHex.TRANSFER_TOPIC, c, off, len);
                case 1 -> l.fromParty = tracking.topicParty(c, off, len);
                case 2 -> l.toParty = tracking.topicParty(c, off, len);
                default -> {
                    // a fourth topic: checked below
                }
            }
            l.topics++;
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw malformed("log topic is not a string");
        }
    }

    /** A log must be what was asked for: a whole ERC-20 Transfer of a tracked token, not removed, inside the range. */
    private void check(Log l) {
        long block = l.block;
        if (l.token < 0 || block < 0 || l.logIndex < 0 || l.hashLen < 0) {
            throw malformed("log lacks address, blockNumber, blockHash or logIndex");
        }
        if (l.removed) {
            throw new InconsistentAnswerException("log in block " + block + " is marked removed (chain reorganising)");
        }
        if (!l.topic0) {
            throw malformed("log in block " + block + " is not a Transfer, which was not asked for");
        }
        String tokenAddress = tracking.tokens().get(l.token).address();
        if (l.topics != 3 || !l.haveData) {
            throw new ChainHaltedException("token " + tokenAddress + " emitted a Transfer log with " + l.topics
                    + " topics in block " + block + ": not an ERC-20 Transfer(address,address,uint256)");
        }
        if (!l.fits) {
            throw new ChainHaltedException("token " + tokenAddress + " transferred an amount above 2^127-1 in block "
                    + block + ": amounts that large cannot be stored exactly");
        }
        if (block < from || block > to) {
            throw malformed("log of block " + block + " outside the requested range " + from + "-" + to);
        }
    }

    private void apply(BlockChange c, int token, int party, long hi, long lo, long block) {
        if (party == -2) {
            int s = tracking.supplySlot(token);
            if (s >= 0) {
                if (side == Side.FROM) {
                    c.add(s, hi, lo);
                } else {
                    c.subtract(s, hi, lo);
                }
            }
        } else if (party >= 0) {
            int s = tracking.balanceSlot(token, party);
            if (s >= 0) {
                if (side == Side.FROM) {
                    c.subtract(s, hi, lo);
                } else {
                    c.add(s, hi, lo);
                }
            }
        } else {
            throw malformed("Transfer log in block " + block + " does not match the " + side.name().toLowerCase()
                    + " topic filter");
        }
    }

    private static void requireString(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed("log field " + field + " is not a string: " + p.getText());
        }
    }

    private static boolean equalsIgnoreCase(String s, char[] c, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char a = s.charAt(i);
            char b = c[off + i];
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    private static RpcException malformed(String message) {
        return RpcException.malformed("eth_getLogs: " + message, null);
    }
}
