package io.assay.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients cannot hold the server: a client trickling header lines, one that connects and sends nothing, one that
 * stalls in its body (answered 408 when the answer beats the close) and one that trickles its body are each cut off
 * within the configured timeouts (the shipped
 * values, read from the app's configuration), while {@code /v1/ping} keeps answering fast on other connections.
 */
@QuarkusTest
class SlowClientTest {
    /** Slack for a loaded 2-core machine on top of a timeout. */
    private static final Duration SLACK = Duration.ofSeconds(4);

    @TestHTTPResource("/")
    URL base;

    private static Duration config(String key) {
        return ConfigProvider.getConfig().getValue(key, Duration.class);
    }

    /** What happened to a held connection: when it ended (since the start) and what, if anything, it was answered. */
    record Outcome(Duration after, RawHttp.Response answer) {
    }

    /**
     * Opens a connection, writes {@code first}, then writes {@code drip} every {@code every} until the server closes
     * the connection or answers; gives up (and fails) after {@code limit}.
     */
    private Outcome hold(String first, String drip, Duration every, Duration limit) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            s.setSoTimeout((int) every.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(first.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            while (Duration.ofNanos(System.nanoTime() - t0).compareTo(limit) < 0) {
                try {
                    in.mark(1);
                    int b = in.read();
                    Duration after = Duration.ofNanos(System.nanoTime() - t0);
                    if (b < 0) {
                        return new Outcome(after, null); // closed without an answer
                    }
                    byte[] rest = in.readAllBytes(); // the answer, up to the close that follows it
                    byte[] all = new byte[rest.length + 1];
                    all[0] = (byte) b;
                    System.arraycopy(rest, 0, all, 1, rest.length);
                    return new Outcome(after, RawHttp.read(new java.io.ByteArrayInputStream(all)));
                } catch (SocketTimeoutException e) {
                    if (drip != null) {
                        try {
                            out.write(drip.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        } catch (SocketException closed) {
                            return new Outcome(Duration.ofNanos(System.nanoTime() - t0), null);
                        }
                    }
                } catch (SocketException reset) {
                    return new Outcome(Duration.ofNanos(System.nanoTime() - t0), null);
                }
            }
            throw new AssertionError("connection still open after " + limit);
        }
    }

    @Test
    void slowClientsAreCutOffWhilePingStaysFast() throws Exception {
        Duration idle = config("quarkus.http.idle-timeout");       // headers must be complete within it
        Duration read = config("quarkus.http.read-timeout");       // a stalled body
        Duration request = config("assay.http.request-timeout");   // a trickling body
        Duration limit = idle.plus(request).plus(SLACK);
        Duration second = Duration.ofSeconds(1);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<Outcome> headers = CompletableFuture.supplyAsync(() -> call(() -> hold(
                    "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: 1\r\n", second, limit)), pool);
            CompletableFuture<Outcome> silent = CompletableFuture.supplyAsync(() -> call(() -> hold(
                    "", null, second, limit)), pool);
            CompletableFuture<Outcome> stalled = CompletableFuture.supplyAsync(() -> call(() -> hold(
                    "POST /v1/attestations/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n0123456789", null, second, limit)), pool);
            CompletableFuture<Outcome> trickling = CompletableFuture.supplyAsync(() -> call(() -> hold(
                    "POST /v1/attestations/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{", " ", second, limit)), pool);

            // meanwhile, other clients are answered as usual
            List<Long> pings = new ArrayList<>();
            while (!(headers.isDone() && silent.isDone() && stalled.isDone() && trickling.isDone())) {
                long t = System.nanoTime();
                RawHttp.Response r = RawHttp.send(base.getPort(), "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                pings.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
                assertEquals(200, r.status(), r::toString);
                Thread.sleep(250); // pacing of the pings, not synchronisation
            }
            assertTrue(pings.size() >= 10, "pings: " + pings);
            long slowest = pings.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(slowest < 1000, "a ping took " + slowest + " ms while slow clients were held: " + pings);

            Outcome h = headers.get();
            assertTrue(h.answer() == null && h.after().compareTo(idle.plus(SLACK)) < 0
                    && h.after().compareTo(idle.minus(second)) >= 0, "trickled headers: " + h);
            Outcome q = silent.get();
            assertTrue(q.answer() == null && q.after().compareTo(idle.plus(SLACK)) < 0
                    && q.after().compareTo(idle.minus(second)) >= 0, "silent connection: " + q);
            Outcome st = stalled.get();
            assertTrue(st.after().compareTo(read.plus(SLACK)) < 0 && st.after().compareTo(read.minus(second)) >= 0,
                    "stalled body: " + st);
            // the REST layer's body reader closes the connection as it gives up: the 408 gets out when the answer
            // is written before the close takes effect, else the client sees the close (never a 5xx)
            assertTrue(st.answer() == null || (st.answer().status() == 408 && st.answer().isProblem()
                    && st.answer().text().contains("urn:assay:problem:request-timeout")), "stalled body: " + st);
            Outcome tr = trickling.get();
            assertTrue(tr.after().compareTo(request.plus(SLACK)) < 0 && tr.after().compareTo(request.minus(second)) >= 0,
                    "trickled body: " + tr);
            assertTrue(tr.answer() == null || tr.answer().status() < 500, "trickled body: " + tr);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T call(IoCall<T> c) {
        try {
            return c.call();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
