package io.assay.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.chain.rpc.JsonRpcClient;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, real HTTP/1.1 proxy on 127.0.0.1 in front of a JSON-RPC node (anvil) that injects faults: delays,
 * HTTP 500, HTTP 429 with Retry-After, bodies cut short (the connection closes before Content-Length
 * bytes), truncated JSON in a well-formed HTTP answer, connection resets (TCP RST), a wrong chain id, and
 * lying block hashes (chosen hashes are replaced in every answer, as a node on another fork would show), and
 * rewritten results of chosen methods. The request's path, HTTP method (GET for Bitcoin Core's REST) and
 * Authorization header are forwarded, and the upstream's status is kept, so it also stands in front of
 * litecoind/Bitcoin Core.
 *
 * <p>Raw sockets rather than an HTTP server library, so that resets and short bodies are real.
 * One thread per client connection; keep-alive is supported because {@link java.net.http.HttpClient}
 * reuses connections.
 */
public final class FaultProxy implements AutoCloseable {

    /** What to do with one request. */
    public enum Fault {
        NONE, DELAY, HTTP_500, HTTP_429, CUT_BODY, TRUNCATED_JSON, RESET
    }

    /**
     * One request as the planner sees it.
     *
     * @param seq     1-based sequence number over the proxy's life
     * @param methods JSON-RPC methods in it (several for a batch)
     * @param body    the raw request body
     */
    public record Request(long seq, List<String> methods, String body, String httpMethod, String path) {
        public Request(long seq, List<String> methods, String body) {
            this(seq, methods, body, "POST", "/");
        }

        public boolean has(String method) {
            return methods.contains(method);
        }
    }

    /** One HTTP request as read off the socket: request line, the Authorization header, body (empty for GET). */
    private record Incoming(String httpMethod, String path, String authorization, byte[] body) {
    }

    /** An upstream answer: status and body. */
    private record Answer(int status, byte[] body) {
    }

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([A-Za-z0-9_]+)\"");

    private final URI upstream;
    private final ServerSocket server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private volatile Function<Request, Fault> planner = r -> Fault.NONE;
    private volatile long delayMillis = 200;
    private volatile int retryAfterSeconds = 1;
    private volatile Long chainIdOverride;
    private final Map<String, String> hashLies = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.UnaryOperator<JsonNode>> rewrites = new ConcurrentHashMap<>();
    private volatile long maxLogBlocks;
    private volatile boolean suggestRange;
    private volatile long maxLogResults;
    private final AtomicLong refusedRanges = new AtomicLong();
    private volatile boolean closed;

    private FaultProxy(URI upstream) throws IOException {
        // credentials in the upstream URL are not used: the client's own Authorization header is forwarded
        this.upstream = upstream.getRawUserInfo() == null ? upstream
                : URI.create(upstream.toString().replace(upstream.getRawUserInfo() + "@", ""));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port: " + e.getMessage(), e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** A client for this proxy. */
    public JsonRpcClient client(Duration timeout) {
        return new JsonRpcClient(url(), timeout);
    }

    /** Decides the fault of each request (default: none). */
    public FaultProxy plan(Function<Request, Fault> p) {
        this.planner = p;
        return this;
    }

    /** Each request independently gets a fault with {@code probability}, chosen uniformly from {@code faults}. */
    public static Function<Request, Fault> random(long seed, double probability, Fault... faults) {
        Random rnd = new Random(seed);
        return r -> {
            synchronized (rnd) {
                return rnd.nextDouble() < probability ? faults[rnd.nextInt(faults.length)] : Fault.NONE;
            }
        };
    }

    public FaultProxy delay(Duration d) {
        this.delayMillis = d.toMillis();
        return this;
    }

    public FaultProxy retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Answers {@code eth_chainId} with this id instead of the node's (null: the truth). */
    public FaultProxy chainId(Long id) {
        this.chainIdOverride = id;
        return this;
    }

    /** Replaces {@code trueHash} by {@code fakeHash} wherever it appears in an answer (0x-prefixed hex). */
    public FaultProxy lie(String trueHash, String fakeHash) {
        hashLies.put(trueHash.toLowerCase(Locale.ROOT), fakeHash.toLowerCase(Locale.ROOT));
        return this;
    }

    /**
     * Refuses {@code eth_getLogs} over more than {@code blocks} blocks as providers do: with Alchemy's message
     * naming a range that works ({@code suggest}), or with a bare "exceed maximum block range" message.
     */
    public FaultProxy maxLogBlocks(long blocks, boolean suggest) {
        this.maxLogBlocks = blocks;
        this.suggestRange = suggest;
        return this;
    }

    /** Refuses {@code eth_getLogs} answers of more than {@code results} logs (geth/Infura -32005). */
    public FaultProxy maxLogResults(long results) {
        this.maxLogResults = results;
        return this;
    }

    public long refusedRanges() {
        return refusedRanges.get();
    }

    public FaultProxy stopLying() {
        hashLies.clear();
        rewrites.clear();
        return this;
    }

    /**
     * Replaces the {@code result} of every (non-batched) call of JSON-RPC {@code method} by {@code rewrite(result)}:
     * a node that answers something else than the truth (e.g. a tampered {@code scantxoutset}).
     */
    public FaultProxy rewrite(String method, java.util.function.UnaryOperator<JsonNode> rewrite) {
        rewrites.put(method, rewrite);
        return this;
    }

    public long requests() {
        return seq.get();
    }

    public long injected(Fault f) {
        return injected.get(f).get();
    }

    public long injectedTotal() {
        long n = 0;
        for (Fault f : Fault.values()) {
            if (f != Fault.NONE) {
                n += injected.get(f).get();
            }
        }
        return n;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Incoming inc = readRequest(in);
                if (inc == null) {
                    return;
                }
                String text = new String(inc.body(), StandardCharsets.UTF_8);
                List<String> methods = new ArrayList<>();
                Matcher m = METHOD.matcher(text);
                while (m.find()) {
                    methods.add(m.group(1));
                }
                Request req = new Request(seq.incrementAndGet(), List.copyOf(methods), text, inc.httpMethod(), inc.path());
                Fault f = planner.apply(req);
                injected.get(f).incrementAndGet();
                switch (f) {
                    case RESET -> {
                        s.setSoLinger(true, 0);
                        return; // closing with linger 0 sends RST
                    }
                    case HTTP_500 -> respond(out, 500, "Internal Server Error", "upstream exploded".getBytes(StandardCharsets.UTF_8), null);
                    case HTTP_429 -> respond(out, 429, "Too Many Requests", "slow down".getBytes(StandardCharsets.UTF_8),
                            "Retry-After: " + retryAfterSeconds + "\r\n");
                    case DELAY -> {
                        Thread.sleep(delayMillis); // the injected fault itself (a slow upstream), not synchronisation
                        Answer a = forward(inc, text, methods);
                        respond(out, a.status(), "Answer", a.body(), null);
                    }
                    case CUT_BODY -> {
                        byte[] full = forward(inc, text, methods).body();
                        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + full.length + "\r\n\r\n";
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.write(full, 0, full.length / 2);
                        out.flush();
                        return; // close before the announced length
                    }
                    case TRUNCATED_JSON -> {
                        byte[] full = forward(inc, text, methods).body();
                        byte[] cut = java.util.Arrays.copyOf(full, Math.max(1, full.length - Math.max(1, full.length / 3)));
                        respond(out, 200, "OK", cut, null);
                    }
                    case NONE -> {
                        byte[] refusal = methods.equals(List.of("eth_getLogs")) ? refuseLogs(text) : null;
                        if (refusal != null) {
                            respond(out, 200, "OK", refusal, null);
                        } else {
                            Answer a = forward(inc, text, methods);
                            respond(out, a.status(), "Answer", a.body(), null);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // client went away or the proxy closed
        } finally {
            open.remove(s);
        }
    }

    /** A provider-style refusal of an eth_getLogs request, or null to serve it. */
    private byte[] refuseLogs(String body) throws IOException, InterruptedException {
        JsonNode req = JsonRpcClient.json().readTree(body);
        if (!req.isObject()) {
            return null;
        }
        JsonNode f = req.path("params").path(0);
        long from = Long.decode(f.path("fromBlock").asText("0x0"));
        long to = Long.decode(f.path("toBlock").asText("0x0"));
        String message = null;
        int code = 0;
        if (maxLogBlocks > 0 && to - from + 1 > maxLogBlocks) {
            code = -32602;
            message = suggestRange
                    ? "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no"
                    + " limit on the response size, or you can request any block range with a cap of 10K logs in the"
                    + " response. Based on your parameters, this block range should work: [0x" + Long.toHexString(from)
                    + ", 0x" + Long.toHexString(from + maxLogBlocks - 1) + "]"
                    : "exceed maximum block range: " + maxLogBlocks;
        } else if (maxLogResults > 0) {
            byte[] answer = forward(new Incoming("POST", "/", null, body.getBytes(StandardCharsets.UTF_8)), body,
                    List.of("eth_getLogs")).body();
            String a = new String(answer, StandardCharsets.UTF_8);
            int n = 0;
            for (int i = a.indexOf("\"logIndex\""); i >= 0; i = a.indexOf("\"logIndex\"", i + 1)) {
                n++;
            }
            if (n <= maxLogResults) {
                return answer;
            }
            code = -32005;
            message = "query returned more than " + maxLogResults + " results";
        }
        if (message == null) {
            return null;
        }
        refusedRanges.incrementAndGet();
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + req.path("id") + ",\"error\":{\"code\":" + code
                + ",\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private Answer forward(Incoming inc, String body, List<String> methods) throws IOException, InterruptedException {
        URI target = inc.path() == null || inc.path().equals("/") ? upstream : upstream.resolve(inc.path());
        HttpRequest.Builder b = HttpRequest.newBuilder(target);
        if (inc.authorization() != null) {
            b.header("Authorization", inc.authorization());
        }
        if ("GET".equals(inc.httpMethod())) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] answer = r.body();
        if (!"POST".equals(inc.httpMethod())) {
            return new Answer(r.statusCode(), answer);
        }
        if (methods.size() == 1 && rewrites.containsKey(methods.get(0)) && r.statusCode() == 200) {
            ObjectNode ans = (ObjectNode) JsonRpcClient.json().readTree(answer);
            ans.set("result", rewrites.get(methods.get(0)).apply(ans.get("result")));
            answer = JsonRpcClient.json().writeValueAsBytes(ans);
        }
        Long cid = chainIdOverride;
        if (cid != null && methods.contains("eth_chainId")) {
            answer = rewriteChainId(body, answer, cid);
        }
        if (!hashLies.isEmpty()) {
            String a = new String(answer, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : hashLies.entrySet()) {
                a = a.replace(e.getKey(), e.getValue());
            }
            answer = a.getBytes(StandardCharsets.UTF_8);
        }
        return new Answer(r.statusCode(), answer);
    }

    private static byte[] rewriteChainId(String request, byte[] answer, long id) throws IOException {
        JsonNode req = JsonRpcClient.json().readTree(request);
        JsonNode ans = JsonRpcClient.json().readTree(answer);
        String hex = "0x" + Long.toHexString(id);
        if (ans.isArray()) {
            for (int i = 0; i < ans.size(); i++) {
                JsonNode a = ans.get(i);
                for (JsonNode q : req) {
                    if (q.path("id").equals(a.path("id")) && q.path("method").asText().equals("eth_chainId")) {
                        ((ObjectNode) a).put("result", hex);
                    }
                }
            }
            return JsonRpcClient.json().writeValueAsBytes((ArrayNode) ans);
        }
        ((ObjectNode) ans).put("result", hex);
        return JsonRpcClient.json().writeValueAsBytes(ans);
    }

    private static void respond(OutputStream out, int status, String reason, byte[] body, String extraHeaders)
            throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n" + (extraHeaders == null ? "" : extraHeaders) + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Reads one request, or null at end of stream. Only Content-Length bodies (GET: none). */
    private static Incoming readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int contentLength = -1;
        boolean first = true;
        String httpMethod = "POST";
        String path = "/";
        String authorization = null;
        while (true) {
            line.reset();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.write(c);
                }
            }
            if (c == -1) {
                return null;
            }
            String l = line.toString(StandardCharsets.US_ASCII);
            if (first) {
                first = false;
                String[] parts = l.split(" ");
                if (parts.length >= 2) {
                    httpMethod = parts[0];
                    path = parts[1];
                }
                continue; // request line: POST / HTTP/1.1
            }
            if (l.isEmpty()) {
                break;
            }
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                contentLength = Integer.parseInt(l.substring(colon + 1).trim());
            }
            if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase("Authorization")) {
                authorization = l.substring(colon + 1).trim();
            }
        }
        if (contentLength < 0) {
            if (httpMethod.equals("GET")) {
                return new Incoming(httpMethod, path, authorization, new byte[0]);
            }
            throw new IOException("request without Content-Length");
        }
        byte[] body = in.readNBytes(contentLength);
        if (body.length < contentLength) {
            return null;
        }
        return new Incoming(httpMethod, path, authorization, body);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        http.close();
    }
}
