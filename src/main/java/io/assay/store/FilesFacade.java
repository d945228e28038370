package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file operations the store's commit, rollback and recovery paths make, in one place (QuestDB's
 * {@code FilesFacade} is the model): positional writes, forcing a channel (fsync) or a mapping (msync), mapping a
 * range, atomic rename and delete. {@link #NIO} does them with plain NIO and is the only one production uses; a test
 * hands {@link StoreOpener#open(Path, StoreOptions, FilesFacade)} one that fails a chosen call to prove that the
 * store reopens with every commit it acknowledged ({@code StoreIoFaultTest}).
 *
 * <p>Every method names the file it acts on, so a test can pick its victim by path. Opening, reading and
 * truncating files go straight to NIO: they are not the steps a commit can be interrupted in.
 */
interface FilesFacade {
    /** Plain NIO: every default method below. */
    FilesFacade NIO = new FilesFacade() {
    };

    /** {@code ch.write(src, position)}: writes some bytes of {@code src} at {@code position}; returns how many. */
    default int write(Path file, FileChannel ch, ByteBuffer src, long position) throws IOException {
        return ch.write(src, position);
    }

    /** {@code ch.force(metaData)}: fsync (fdatasync without metadata). */
    default void force(Path file, FileChannel ch, boolean metaData) throws IOException {
        ch.force(metaData);
    }

    /** {@code mapped.force()}: msync of one mapped range; fails with {@link java.io.UncheckedIOException}. */
    default void force(Path file, MappedByteBuffer mapped) {
        mapped.force();
    }

    /** Maps {@code [position, position + size)} of {@code ch} read-write (growing the file if needed). */
    default MappedByteBuffer map(Path file, FileChannel ch, long position, long size) throws IOException {
        return ch.map(FileChannel.MapMode.READ_WRITE, position, size);
    }

    /** Renames {@code from} over {@code to} atomically. */
    default void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes {@code file} if it exists. */
    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
