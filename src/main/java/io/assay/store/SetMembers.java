package io.assay.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a reserve set's membership and its members' balances are stored (docs/reserve-sets.md).
 *
 * <pre>
 * asset/&lt;membership chain&gt;/member/&lt;set&gt;.&lt;tag&gt;   1 while the member is in force, 0 after it left
 *                                                   (points at the heights and times of the membership chain)
 * asset/&lt;bitcoin chain&gt;/reserve/&lt;set&gt;.&lt;tag&gt;   the member's balance in satoshis, from the block at which
 *                                                   the Bitcoin indexer began to watch it
 * state &lt;membership chain&gt;/members: tag -&gt; script length (1 byte) | script | entry as listed (UTF-8)
 * </pre>
 * The tag is the first 10 bytes of SHA-256(script) in hex: a member's identity in series names. The membership
 * chain's series and state are committed and rolled back with it ({@link Store#truncateAfter}), so after a reorg of
 * a list contract's chain the membership is that of the new chain.
 */
public final class SetMembers {
    public static final String MEMBER = "member";
    public static final String STATE = "members";
    public static final int TAG_BYTES = 10;

    private SetMembers() {
    }

    /** A member as recorded: its tag, script and the entry as the list gave it. */
    public record Member(String tag, byte[] script, String display) {
        public String scriptHex() {
            return HexFormat.of().formatHex(script);
        }
    }

    public static String tag(byte[] script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script);
            return HexFormat.of().formatHex(d, 0, TAG_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the member is in force (1) or not (0), on the membership chain. */
    public static SeriesKey membership(String asset, String membershipChain, String setId, String tag) {
        return new SeriesKey(asset, membershipChain, MEMBER, setId + "." + tag);
    }

    /** The member's balance on the Bitcoin chain holding the set. */
    public static SeriesKey balance(String asset, String chain, String setId, String tag) {
        return SeriesNames.reserve(asset, chain, setId + "." + tag);
    }

    /** Prefix of every membership series of one set ({@link Store#list}). */
    public static String membershipPrefix(String asset, String membershipChain) {
        return asset + "/" + membershipChain + "/" + MEMBER + "/";
    }

    /** Key and value limits of the {@link #STATE} map (one membership chain holds one set). */
    public static final int MAX_KEY = 32;
    public static final int MAX_VALUE = 512;

    /** The membership chain's member records (created with the chain's writer; other threads only read it). */
    public static KeyValue state(Store store, String membershipChain) {
        return store.state(membershipChain, STATE, MAX_KEY, MAX_VALUE);
    }

    public static byte[] stateKey(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] encode(byte[] script, String display) {
        byte[] d = display.getBytes(StandardCharsets.UTF_8);
        if (script.length > 255) {
            throw new IllegalArgumentException("script longer than 255 bytes");
        }
        return ByteBuffer.allocate(1 + script.length + d.length).put((byte) script.length).put(script).put(d).array();
    }

    public static Member decode(String tag, byte[] v) {
        int n = v[0] & 0xff;
        byte[] script = new byte[n];
        System.arraycopy(v, 1, script, 0, n);
        return new Member(tag, script, new String(v, 1 + n, v.length - 1 - n, StandardCharsets.UTF_8));
    }

    /** Members of set {@code setId} in force as committed on its membership chain (latest point 1). */
    public static int inForce(Store store, String asset, String membershipChain, String setId) {
        Point p = new Point();
        int n = 0;
        for (SeriesKey k : store.list(membershipPrefix(asset, membershipChain))) {
            if (k.source().startsWith(setId + ".")) {
                java.util.OptionalInt id = store.find(k);
                if (id.isPresent() && store.latest(id.getAsInt(), p) && p.value.lo() == 1 && p.value.hi() == 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Every member ever recorded in a membership chain's state (its set's), by tag. */
    public static Map<String, Member> read(KeyValue state) {
        Map<String, Member> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            String tag = new String(k, StandardCharsets.US_ASCII);
            out.put(tag, decode(tag, v));
        });
        return out;
    }
}
