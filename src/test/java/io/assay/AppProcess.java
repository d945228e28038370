package io.assay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests that start the packaged jar as a child process share: a port to give it, and its log for messages. */
final class AppProcess {
    private AppProcess() {
    }

    /** A free port on 127.0.0.1, where the app under test listens. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free 127.0.0.1 port", e);
        }
    }

    /** The app's log so far, for assertion messages (a note instead when it cannot be read). */
    static String log(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }
}
