package io.assay.devnet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A devnet node process started through {@code chains/devnet/bin/guard.sh}. The guard holds a pipe from
 * this JVM on its stdin: if the JVM dies in any way (even SIGKILL) the pipe closes and the guard stops the
 * node, so no node outlives the test or demo that started it. {@link #close()} stops it on purpose.
 */
final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final OutputStream keepAlive;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.keepAlive = process.getOutputStream();
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Path log, Path workDir) {
        return start(name, command, log, workDir, true);
    }

    /**
     * @param guarded false for programs that watch their own stdin and exit at EOF (the Solana shim): they
     *                get this JVM's pipe directly instead of going through the guard
     */
    static ManagedProcess start(String name, List<String> command, Path log, Path workDir, boolean guarded) {
        List<String> cmd = new ArrayList<>();
        if (guarded) {
            cmd.add(DevnetPaths.guard().toString());
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            return new ManagedProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new DevnetException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last lines of the node's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new DevnetException(name + " exited with status " + process.exitValue() + "; log " + log + ":\n" + tail());
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM to the guard, which stops the node
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            keepAlive.close(); // and in case the guard survived, its stdin closes too
        } catch (IOException ignored) {
            // already gone
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DevnetException("cannot find a free 127.0.0.1 port: " + e.getMessage(), e);
        }
    }
}
