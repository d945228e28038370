package io.assay.por;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every round of one asset, kept forever in an append-only JSON-lines file ({@code <data>/rounds/<asset>.jsonl}),
 * each line ({@link RoundJson}: written field by field, no reflection) forced to disk before the round is visible.
 * Round ids are dense from 1, so lookup by id is an index. A crash can leave a last line without its newline (a
 * round never acknowledged): it is dropped on open with a warning and the file is cut back to the last complete
 * round. Any other bad line stops the open with a message naming the file and line.
 */
public final class RoundLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RoundLog.class);

    private final Path file;
    private final FileChannel channel;
    private final List<Round> rounds = new ArrayList<>();

    private RoundLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    public static RoundLog open(Path dir, String asset) {
        Path file = dir.resolve(asset + ".jsonl");
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            RoundLog log = new RoundLog(file, ch);
            log.load();
            return log;
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot open round log: " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lineNo++;
                String line = new String(all, start, i - start, StandardCharsets.UTF_8);
                Round r;
                try {
                    r = RoundJson.read(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(file + ": line " + lineNo + " is not a valid round: " + e.getMessage());
                }
                if (r.roundId() != rounds.size() + 1) {
                    throw new IllegalStateException(file + ": line " + lineNo + " has round " + r.roundId()
                            + ", expected " + (rounds.size() + 1));
                }
                rounds.add(r);
                start = i + 1;
            }
        }
        if (start < all.length) {
            LOG.warnf("%s: dropping an incomplete last line (%d bytes) left by an interrupted write", file, all.length - start);
            channel.truncate(start);
            channel.force(true);
        }
        channel.position(start);
    }

    public synchronized Optional<Round> latest() {
        return rounds.isEmpty() ? Optional.empty() : Optional.of(rounds.get(rounds.size() - 1));
    }

    public synchronized Optional<Round> get(long roundId) {
        return roundId >= 1 && roundId <= rounds.size() ? Optional.of(rounds.get((int) roundId - 1)) : Optional.empty();
    }

    /** The newest {@code limit} rounds, newest first. */
    public synchronized List<Round> recent(int limit) {
        List<Round> out = new ArrayList<>(rounds.subList(Math.max(0, rounds.size() - limit), rounds.size()));
        Collections.reverse(out);
        return out;
    }

    public synchronized long size() {
        return rounds.size();
    }

    /** Appends the next round (its id must be {@code size() + 1}); durable when this returns. */
    public synchronized void append(Round r) {
        if (r.roundId() != rounds.size() + 1) {
            throw new IllegalArgumentException("round " + r.roundId() + " is not the next round (" + (rounds.size() + 1) + ")");
        }
        try {
            byte[] json = RoundJson.write(r);
            ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot append round " + r.roundId() + ": " + e.getMessage(), e);
        }
        rounds.add(r);
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to lose: every round was forced when appended
        }
    }
}
