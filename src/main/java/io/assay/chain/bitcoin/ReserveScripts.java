package io.assay.chain.bitcoin;

import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.descriptor.Descriptor;
import org.bitcoinj.base.BitcoinNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Bitcoin reserve source into what the indexer watches: every kind becomes a descriptor
 * ({@code address} is {@code addr(...)}, {@code script} is {@code raw(...)}), and every descriptor path
 * (receive, change, ... of a BIP 389 multipath descriptor) gets its own {@link GapWindow}.
 */
public final class ReserveScripts {
    private ReserveScripts() {
    }

    /** The descriptor a Bitcoin reserve source stands for. */
    public static Descriptor descriptor(ReserveSource source, BitcoinNetwork network) {
        return switch (source.kind()) {
            case ADDRESS -> Descriptor.parse("addr(" + source.target() + ")", network);
            case SCRIPT -> Descriptor.parse("raw(" + source.target() + ")", network);
            case DESCRIPTOR -> Descriptor.parse(source.target(), network);
            default -> throw new IllegalArgumentException("reserve source '" + source.id() + "' is a "
                    + source.kind() + ", not a Bitcoin source");
        };
    }

    /** One fresh window per descriptor path, all with the source's gap limit. */
    public static List<GapWindow> windows(ReserveSource source, BitcoinNetwork network) {
        if (source.kind() != SourceKind.ADDRESS && source.kind() != SourceKind.SCRIPT
                && source.kind() != SourceKind.DESCRIPTOR) {
            throw new IllegalArgumentException("reserve source '" + source.id() + "' is not a Bitcoin source");
        }
        List<GapWindow> out = new ArrayList<>();
        for (Descriptor path : descriptor(source, network).paths()) {
            out.add(new GapWindow(path, Math.max(source.gapLimit(), 1), -1));
        }
        return List.copyOf(out);
    }
}
