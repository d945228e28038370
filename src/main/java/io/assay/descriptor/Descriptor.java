package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed output descriptor (BIP 380-387, 389) for one Bitcoin network, holding public keys only.
 *
 * <p>Supported: {@code pk pkh wpkh sh wsh multi sortedmulti combo raw addr} and {@code tr(KEY)},
 * {@code tr(KEY,TREE)} with {@code pk pkh multi_a sortedmulti_a} leaves. Keys are hex public keys
 * (x-only inside {@code tr()}) or xpub/tpub with an optional {@code [fingerprint/path]} origin, unhardened
 * steps, at most one multipath step {@code <a;b;...>} and an optional final {@code /*}. Refused, with a
 * message saying why: private keys (WIF, xprv), hardened steps after an xpub, hardened wildcards, general
 * miniscript and {@code musig()}.
 *
 * <p>A BIP 380 checksum ({@code #xxxxxxxx}) is optional; when present it must match.
 *
 * <p>A <em>ranged</em> descriptor ({@code /*}) stands for one set of scripts per child index 0 to
 * 2<sup>31</sup>-1; a non-ranged one for the same scripts at every index. A <em>multipath</em> descriptor
 * ({@code /<0;1>/*}) stands for {@link #pathCount()} descriptors (receive, change, ...): pick one with
 * {@link #path(int)} before asking for scripts. Instances are immutable and thread-safe.
 */
public final class Descriptor {
    private static final Pattern MULTIPATH = Pattern.compile("<([^<>]*)>");

    private final String body;
    private final BitcoinNetwork network;
    private final ScriptExpr root;
    private final boolean range;
    private final int pathCount;
    private final int path;

    private Descriptor(String body, BitcoinNetwork network, ScriptExpr root, boolean range, int pathCount, int path) {
        this.body = body;
        this.network = network;
        this.root = root;
        this.range = range;
        this.pathCount = pathCount;
        this.path = path;
    }

    /**
     * Parses {@code text} (with or without {@code #checksum}) for {@code network}.
     *
     * @throws DescriptorException saying what is wrong and where (never repeating a private key)
     */
    public static Descriptor parse(String text, BitcoinNetwork network) {
        String body;
        try {
            body = DescriptorChecksum.verify(text, false);
        } catch (IllegalArgumentException e) {
            throw new DescriptorException(e.getMessage(), e);
        }
        if (body.isEmpty()) {
            throw new DescriptorException("empty descriptor");
        }
        ScriptExpr root = DescriptorParser.parse(body, network);
        boolean range = false;
        int paths = 1;
        for (KeyExpr k : root.keys()) {
            range |= k.isRange();
            if (k.pathCount() > 1) {
                if (paths > 1 && k.pathCount() != paths) {
                    throw new DescriptorException("multipath steps of different lengths (" + paths + " and "
                            + k.pathCount() + "); every <...> in a descriptor must list the same number of paths");
                }
                paths = k.pathCount();
            }
        }
        return new Descriptor(body, network, root, range, paths, paths == 1 ? 0 : -1);
    }

    /** The descriptor without its checksum, as written (for a {@link #path(int)}: with multipath resolved). */
    public String body() {
        return body;
    }

    /** The BIP 380 checksum of {@link #body()}. */
    public String checksum() {
        return DescriptorChecksum.compute(body);
    }

    public BitcoinNetwork network() {
        return network;
    }

    /** Whether the descriptor has a {@code /*} and so one set of scripts per child index. */
    public boolean isRange() {
        return range;
    }

    /** How many descriptors a BIP 389 multipath descriptor stands for; 1 for all others and for a {@link #path}. */
    public int pathCount() {
        return path >= 0 ? 1 : pathCount;
    }

    /**
     * Alternative {@code i} of a multipath descriptor (for {@code <0;1>}: 0 receive, 1 change). On a
     * descriptor without multipath only {@code path(0)} exists, and it is this descriptor.
     */
    public Descriptor path(int i) {
        if (i < 0 || i >= pathCount()) {
            throw new IndexOutOfBoundsException("path " + i + " of a descriptor with " + pathCount() + " path(s)");
        }
        if (path >= 0) {
            return this;
        }
        Matcher m = MULTIPATH.matcher(body);
        StringBuilder single = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(single, Matcher.quoteReplacement(m.group(1).split(";")[i]));
        }
        m.appendTail(single);
        return new Descriptor(single.toString(), network, root, range, pathCount, i);
    }

    /** Every path: {@code [path(0), path(1), ...]}; just {@code [this]} without multipath. */
    public List<Descriptor> paths() {
        List<Descriptor> out = new ArrayList<>(pathCount());
        for (int i = 0; i < pathCount(); i++) {
            out.add(path(i));
        }
        return List.copyOf(out);
    }

    /**
     * The scriptPubKeys at child {@code index}: one for every expression except {@code combo()} (2 or 4).
     * A non-ranged descriptor gives the same scripts for every index.
     *
     * @throws IllegalStateException    on an unresolved multipath descriptor (use {@link #path(int)})
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public List<byte[]> scripts(int index) {
        if (path < 0) {
            throw new IllegalStateException("a multipath descriptor stands for " + pathCount
                    + " descriptors: choose one with path(i)");
        }
        if (index < 0) {
            throw new IllegalArgumentException("child index must be 0 to 2147483647, found " + index);
        }
        return root.outputs(index, path);
    }

    /**
     * The single scriptPubKey at child {@code index}.
     *
     * @throws IllegalStateException for {@code combo()}, which has several (use {@link #scripts(int)})
     */
    public byte[] scriptAt(int index) {
        List<byte[]> s = scripts(index);
        if (s.size() != 1) {
            throw new IllegalStateException("combo() gives " + s.size() + " scripts per index: use scripts(i)");
        }
        return s.get(0);
    }

    /** {@code body#checksum}. */
    @Override
    public String toString() {
        return body + "#" + checksum();
    }
}
