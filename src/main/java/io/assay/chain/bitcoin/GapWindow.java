package io.assay.chain.bitcoin;

import io.assay.descriptor.Descriptor;

import java.util.List;

/**
 * Which children of one single-path descriptor are watched. A ranged descriptor is watched at indices
 * {@code 0 .. lastUsed + gapLimit} (with {@code lastUsed = -1} before any use: the first {@code gapLimit}
 * children); a non-ranged one at index 0 only. A child is <em>used</em> once an output pays one of its
 * scripts; marking it used slides the window so that {@code gapLimit} unused children always follow the
 * last used one.
 *
 * <p>Hazards the caller owns:
 * <ul>
 * <li>Funds sent beyond the window (more than {@code gapLimit} unused children after the last used one)
 *     are not seen; that is the meaning of a gap limit. Choose it at least as large as the custodian's.</li>
 * <li>When the window grows while a block is being applied, outputs earlier in that block that pay a
 *     newly watched child were already passed over: re-scan the block after growth.</li>
 * <li>A window never shrinks by itself. After a rollback the indexer builds new windows from the
 *     {@code lastUsed} values of the restored state (the common ancestor's), so the windows are those of the
 *     new chain; a window must not be shrunk while outputs of the children it would drop are still counted.</li>
 * </ul>
 * Not thread-safe: one indexer thread owns it. {@code lastUsed} is what to persist.
 */
public final class GapWindow {
    private final Descriptor descriptor;
    private final int gapLimit;
    private int lastUsed;

    /**
     * @param descriptor a single-path descriptor ({@link Descriptor#pathCount()} 1)
     * @param gapLimit   unused children watched after the last used one, at least 1
     * @param lastUsed   highest used child so far, -1 for none (restored from keyed state)
     */
    public GapWindow(Descriptor descriptor, int gapLimit, int lastUsed) {
        if (descriptor.pathCount() != 1) {
            throw new IllegalArgumentException("a gap window follows one path; use descriptor.path(i)");
        }
        if (gapLimit < 1) {
            throw new IllegalArgumentException("gap limit must be at least 1, found " + gapLimit);
        }
        if (lastUsed < -1) {
            throw new IllegalArgumentException("lastUsed must be -1 or a child index, found " + lastUsed);
        }
        this.descriptor = descriptor;
        this.gapLimit = gapLimit;
        this.lastUsed = descriptor.isRange() ? lastUsed : -1;
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    public int gapLimit() {
        return gapLimit;
    }

    /** Highest used child index, -1 when none (always -1 for a non-ranged descriptor). */
    public int lastUsed() {
        return lastUsed;
    }

    /** Number of watched children: indices {@code 0 .. watched()-1}. */
    public int watched() {
        if (!descriptor.isRange()) {
            return 1;
        }
        return (int) Math.min((long) lastUsed + 1 + gapLimit, Integer.MAX_VALUE);
    }

    /** The scripts of watched child {@code index}. */
    public List<byte[]> scripts(int index) {
        if (index < 0 || index >= watched()) {
            throw new IndexOutOfBoundsException("child " + index + " is outside the watched 0.." + (watched() - 1));
        }
        return descriptor.scripts(index);
    }

    /**
     * Records that child {@code index} received an output.
     *
     * @return the number of watched children before the call; children from there to {@link #watched()}
     *         are newly watched (none when the window did not grow)
     */
    public int markUsed(int index) {
        int before = watched();
        if (index < 0 || index >= before) {
            throw new IndexOutOfBoundsException("child " + index + " is not watched (0.." + (before - 1) + ")");
        }
        if (descriptor.isRange() && index > lastUsed) {
            lastUsed = index;
        }
        return before;
    }
}
