package io.assay.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 client on a plain socket, for requests no HTTP library will send (malformed targets, missing
 * Host, lying Content-Length, huge headers). It writes the bytes as given and reads one response: by its
 * Content-Length, chunked, or up to the close.
 */
final class RawHttp {
    /** Java type or package names, which no answer may contain. */
    static final Pattern JAVA_NAME = Pattern.compile(
            "io\\.assay|java\\.|javax\\.|jakarta\\.|com\\.fasterxml|org\\.jboss|io\\.vertx|io\\.netty|io\\.quarkus|Exception|\\$[A-Z]");

    /** One response; {@code status} is -1 when the server closed the connection without answering. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean isProblem() {
            String ct = header("content-type");
            return ct != null && ct.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + headers.getOrDefault("content-type", "(no content type)") + " " + text();
        }
    }

    private RawHttp() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Response send(int port, String request) throws IOException {
        return send(port, ascii(request));
    }

    static Response send(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before a huge request is written: read what it said
            }
            return read(s.getInputStream());
        }
    }

    /** Reads one response from {@code in}. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        try {
            while (state < 4 && (b = in.read()) >= 0) {
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                        : b == '\r' ? 1 : 0;
            }
        } catch (SocketException e) {
            // reset by the server
        }
        if (state < 4) {
            return new Response(-1, Map.of(), head.toByteArray());
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while (true) {
                int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                o.write(in.readNBytes(n));
                line(in);
            }
            body = o.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
