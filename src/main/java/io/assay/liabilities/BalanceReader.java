package io.assay.liabilities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Streams customer balances from CSV or JSONL into {@link Balances}, row by row, checking every row.
 * <ul>
 * <li>CSV: a header {@code user,<asset>,<asset>...}, then one row per user with raw-unit amounts
 * ({@code alice,150000000,0}). No quoting: a field with a quote is an error. An empty field is an error.</li>
 * <li>JSONL: one object per line, {@code {"user":"alice","balances":{"btc":"150000000","eth":"0"}}}; amounts are
 * strings or JSON integers; an asset left out is 0.</li>
 * </ul>
 * Errors (negative, non-integer, 2^128 or more, duplicate user, unknown asset, bad user id, malformed line) name
 * the source and line. Reading continues up to {@value #MAX_ERRORS} errors, then stops; any error throws
 * {@link InputException} and nothing is returned, so nothing can be published from a bad file.
 */
public final class BalanceReader {
    public static final int MAX_ERRORS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Format {
        CSV, JSONL;

        public static Format of(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "csv" -> CSV;
                case "jsonl", "ndjson" -> JSONL;
                default -> throw new IllegalArgumentException("unknown input format '" + name + "' (csv or jsonl)");
            };
        }

        public static Format ofFileName(String name) {
            return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSONL : CSV;
        }
    }

    private BalanceReader() {
    }

    /**
     * Reads all rows. {@code assets}: the publication's assets in order; for CSV it may be null (the header's
     * assets are taken), otherwise every header asset must be one of them (assets missing from the header are 0).
     */
    public static Balances read(Reader in, Format format, List<String> assets, String source)
            throws IOException, InputException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        return format == Format.CSV ? csv(r, assets, source) : jsonl(r, assets, source);
    }

    private static Balances csv(BufferedReader r, List<String> assets, String source) throws IOException, InputException {
        List<String> errors = new ArrayList<>();
        String header = r.readLine();
        if (header == null) {
            throw new InputException(List.of(source + ":1: empty file (expected a header 'user,<asset>,...')"));
        }
        header = stripBom(header);
        String[] h = header.split(",", -1);
        if (h.length < 2 || !h[0].trim().equals("user")) {
            throw new InputException(List.of(source + ":1: the header must be 'user,<asset>,...' (found '"
                    + Amount128.abbreviate(header) + "')"));
        }
        List<String> headerAssets = new ArrayList<>();
        for (int i = 1; i < h.length; i++) {
            headerAssets.add(h[i].trim());
        }
        List<String> pub = assets == null ? headerAssets : assets;
        int[] column = new int[headerAssets.size()];
        for (int i = 0; i < headerAssets.size(); i++) {
            column[i] = pub.indexOf(headerAssets.get(i));
            if (column[i] < 0) {
                errors.add(source + ":1: unknown asset '" + headerAssets.get(i) + "' (the publication's assets: "
                        + String.join(",", pub) + ")");
            } else if (headerAssets.subList(0, i).contains(headerAssets.get(i))) {
                errors.add(source + ":1: asset '" + headerAssets.get(i) + "' appears twice in the header");
            }
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        Balances out = newBalances(pub, source);
        int a = pub.size();
        long[] hi = new long[a];
        long[] lo = new long[a];
        long line = 1;
        String s;
        while ((s = r.readLine()) != null && errors.size() < MAX_ERRORS) {
            line++;
            if (s.isEmpty()) {
                errors.add(source + ":" + line + ": empty line");
                continue;
            }
            if (s.indexOf('"') >= 0) {
                errors.add(source + ":" + line + ": quoted fields are not supported");
                continue;
            }
            String[] f = s.split(",", -1);
            if (f.length != h.length) {
                errors.add(source + ":" + line + ": expected " + h.length + " fields (user and " + headerAssets.size()
                        + " amounts), found " + f.length);
                continue;
            }
            java.util.Arrays.fill(hi, 0);
            java.util.Arrays.fill(lo, 0);
            String user = f[0];
            try {
                Scheme.checkUserId(user);
                for (int i = 1; i < f.length; i++) {
                    String v = f[i].trim();
                    try {
                        parseInto(v, column[i - 1], hi, lo);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(headerAssets.get(i - 1) + ": " + e.getMessage());
                    }
                }
                out.add(user, hi, lo);
            } catch (IllegalArgumentException e) {
                errors.add(source + ":" + line + ": " + e.getMessage());
            }
        }
        return finish(out, errors, source);
    }

    private static Balances jsonl(BufferedReader r, List<String> assets, String source) throws IOException, InputException {
        if (assets == null || assets.isEmpty()) {
            throw new IllegalArgumentException("JSONL input needs the publication's assets (--assets)");
        }
        List<String> errors = new ArrayList<>();
        Balances out = newBalances(assets, source);
        int a = assets.size();
        long[] hi = new long[a];
        long[] lo = new long[a];
        long line = 0;
        String s;
        while ((s = r.readLine()) != null && errors.size() < MAX_ERRORS) {
            line++;
            if (line == 1) {
                s = stripBom(s);
            }
            if (s.isBlank()) {
                errors.add(source + ":" + line + ": empty line");
                continue;
            }
            java.util.Arrays.fill(hi, 0);
            java.util.Arrays.fill(lo, 0);
            try {
                JsonNode n;
                try {
                    n = JSON.readTree(s);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("not a JSON object (" + e.getOriginalMessage() + ")");
                }
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("user") && !k.equals("balances")) {
                        throw new IllegalArgumentException("unknown field '" + k + "' (expected user, balances)");
                    }
                }
                JsonNode u = n.get("user");
                if (u == null || !u.isTextual()) {
                    throw new IllegalArgumentException("'user' must be a string");
                }
                String user = u.asText();
                Scheme.checkUserId(user);
                JsonNode b = n.get("balances");
                if (b == null || !b.isObject()) {
                    throw new IllegalArgumentException("'balances' must be an object of asset: amount");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    int col = assets.indexOf(e.getKey());
                    if (col < 0) {
                        throw new IllegalArgumentException("unknown asset '" + e.getKey() + "' (the publication's assets: "
                                + String.join(",", assets) + ")");
                    }
                    JsonNode v = e.getValue();
                    String text;
                    if (v.isTextual()) {
                        text = v.asText();
                    } else if (v.isIntegralNumber()) {
                        text = v.bigIntegerValue().toString();
                    } else {
                        text = v.toString();
                    }
                    try {
                        parseInto(text, col, hi, lo);
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException(e.getKey() + ": " + ex.getMessage());
                    }
                }
                out.add(user, hi, lo);
            } catch (IllegalArgumentException e) {
                errors.add(source + ":" + line + ": " + e.getMessage());
            }
        }
        return finish(out, errors, source);
    }

    private static Balances newBalances(List<String> assets, String source) throws InputException {
        try {
            return new Balances(assets);
        } catch (IllegalArgumentException e) {
            throw new InputException(List.of(source + ": " + e.getMessage()));
        }
    }

    private static Balances finish(Balances out, List<String> errors, String source) throws InputException {
        if (errors.size() >= MAX_ERRORS) {
            errors.add(source + ": stopped after " + MAX_ERRORS + " errors");
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        if (out.size() == 0) {
            throw new InputException(List.of(source + ": no customer rows"));
        }
        return out;
    }

    /** Parses a raw-unit amount into column {@code col}; up to 18 digits without BigInteger. */
    static void parseInto(String v, int col, long[] hi, long[] lo) {
        int n = v.length();
        if (n > 0 && n <= 18 && (n == 1 || v.charAt(0) != '0')) {
            long x = 0;
            boolean digits = true;
            for (int i = 0; i < n; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
                x = x * 10 + (c - '0');
            }
            if (digits) {
                hi[col] = 0;
                lo[col] = x;
                return;
            }
        }
        BigInteger b = Amount128.parse(v);
        hi[col] = Amount128.hi(b);
        lo[col] = Amount128.lo(b);
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}
