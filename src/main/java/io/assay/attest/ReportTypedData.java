package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.config.Addresses;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Hex;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredData;
import org.web3j.crypto.StructuredDataEncoder;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Assay report schema in EIP-712 terms, and the conversion between {@link ReportMessage}/{@link ReportDomain}
 * and the standard {@code eth_signTypedData_v4} JSON ({@code {types, primaryType, domain, message}}).
 *
 * <p>JSON value forms: every integer wider than 53 bits ({@code uint64}, {@code uint80}, {@code uint256}) as a
 * decimal string, because a JavaScript number cannot hold it exactly (ethers rejects such a number); {@code uint8}
 * and the domain's {@code chainId} (at most 2^53-1) as JSON numbers; {@code bytes32} and addresses as {@code 0x}
 * hex. Reading accepts numbers, decimal strings and {@code 0x} hex strings alike.
 * Reading is strict: exactly these types, exactly these fields, every value in range; anything else is a
 * {@link TypedDataException} naming the path.
 *
 * <p>Hashing (the digest, the domain separator, the {@code heights} encoding) is web3j's
 * {@link StructuredDataEncoder}, the EIP-712 encoder wallets built on web3j use; this class only says what the
 * schema and the values are.
 */
public final class ReportTypedData {
    public static final String PRIMARY_TYPE = "PorReport";
    public static final String CHAIN_HEIGHT = "ChainHeight";
    /**
     * The primary type of a report that carries a liabilities publication beside the reserves (solvency): every
     * member of {@code PorReport} in the same order, then {@code Liabilities liabilities}. A report without
     * liabilities keeps the type {@code PorReport} and its digest, so reports signed before it still verify.
     */
    public static final String SOLVENCY_TYPE = "PorSolvencyReport";

    /** EIP-712 {@code encodeType(PorReport)}: the string whose keccak256 is the report's type hash. */
    public static final String ENCODED_TYPE = "PorReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,"
            + "uint256 circulating,uint256 ratio,uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer)"
            + "ChainHeight(string chain,uint64 height,bytes32 blockHash)";

    /** EIP-712 {@code encodeType(PorSolvencyReport)} (referenced types sorted by name: ChainHeight, Liabilities). */
    public static final String SOLVENCY_ENCODED_TYPE = "PorSolvencyReport(bytes32 assetId,uint80 roundId,uint8 decimals,"
            + "uint256 reserves,uint256 circulating,uint256 ratio,uint64 timestamp,uint64 validUntil,ChainHeight[] heights,"
            + "address signer,Liabilities liabilities)"
            + "ChainHeight(string chain,uint64 height,bytes32 blockHash)"
            + ReportLiabilities.ENCODED_TYPE;

    /** The domain's type name. */
    public static final String DOMAIN = "EIP712Domain";

    /** One member of a struct type, in declaration order (the order matters to the hash). */
    public record Field(String name, String type) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<Field> REPORT_FIELDS = List.of(
            new Field("assetId", "bytes32"),
            new Field("roundId", "uint80"),
            new Field("decimals", "uint8"),
            new Field("reserves", "uint256"),
            new Field("circulating", "uint256"),
            new Field("ratio", "uint256"),
            new Field("timestamp", "uint64"),
            new Field("validUntil", "uint64"),
            new Field("heights", CHAIN_HEIGHT + "[]"),
            new Field("signer", "address"));
    private static final List<Field> SOLVENCY_FIELDS = java.util.stream.Stream.concat(REPORT_FIELDS.stream(),
            java.util.stream.Stream.of(new Field("liabilities", ReportLiabilities.TYPE))).toList();
    private static final List<Field> LIABILITIES_FIELDS = List.of(
            new Field("root", "bytes32"),
            new Field("total", "uint256"),
            new Field("leaves", "uint64"),
            new Field("publishedAt", "uint64"),
            new Field("ratio", "uint256"));
    private static final List<Field> HEIGHT_FIELDS = List.of(
            new Field("chain", "string"),
            new Field("height", "uint64"),
            new Field("blockHash", "bytes32"));
    private static final List<Field> DOMAIN_FIELDS = List.of(
            new Field("name", "string"),
            new Field("version", "string"),
            new Field("chainId", "uint256"));
    private static final Field VERIFYING_CONTRACT = new Field("verifyingContract", "address");

    private ReportTypedData() {
    }

    /** The struct types of a {@code PorReport} for a domain with or without {@code verifyingContract}. */
    public static Map<String, List<Field>> types(boolean withVerifyingContract) {
        return types(withVerifyingContract, false);
    }

    /** The struct types of a {@code PorReport}, or with {@code solvency} of a {@code PorSolvencyReport}. */
    public static Map<String, List<Field>> types(boolean withVerifyingContract, boolean solvency) {
        List<Field> domain = new ArrayList<>(DOMAIN_FIELDS);
        if (withVerifyingContract) {
            domain.add(VERIFYING_CONTRACT);
        }
        Map<String, List<Field>> t = new LinkedHashMap<>();
        t.put(DOMAIN, List.copyOf(domain));
        t.put(solvency ? SOLVENCY_TYPE : PRIMARY_TYPE, solvency ? SOLVENCY_FIELDS : REPORT_FIELDS);
        t.put(CHAIN_HEIGHT, HEIGHT_FIELDS);
        if (solvency) {
            t.put(ReportLiabilities.TYPE, LIABILITIES_FIELDS);
        }
        return t;
    }

    /** {@code keccak256(utf8(assetId))}, the {@code assetId} field of the typed struct. */
    public static Bytes32 assetIdHash(String assetId) {
        return Bytes32.of(Hash.sha3(assetId.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The EIP-712 encoding of the {@code heights} member: {@code keccak256(hashStruct(h[0]) ‖ hashStruct(h[1]) ‖ …)}
     * with {@code hashStruct(h) = keccak256(keccak256("ChainHeight(string chain,uint64 height,bytes32 blockHash)")
     * ‖ keccak256(chain) ‖ uint256(height) ‖ blockHash)}.
     */
    public static Bytes32 heightsDigest(List<ChainHeight> heights) {
        StructuredDataEncoder encoder = encoder(ReportDomain.of(1), PRIMARY_TYPE, types(false), Map.of());
        ByteArrayOutputStream all = new ByteArrayOutputStream(32 * heights.size());
        for (JsonNode h : heightsJson(heights)) {
            all.writeBytes(encoder.hashMessage(CHAIN_HEIGHT, values(h)));
        }
        return Bytes32.of(Hash.sha3(all.toByteArray()));
    }

    /** The EIP-712 digest a signer signs for {@code message} under {@code domain}. */
    public static Bytes32 digest(ReportDomain domain, ReportMessage message) {
        boolean solvency = message.liabilities() != null;
        return Bytes32.of(encoder(domain, message.primaryType(), types(domain.verifyingContract().isPresent(), solvency),
                values(messageJson(message))).hashStructuredData());
    }

    /** {@code hashStruct(EIP712Domain, domain)}, the domain separator. */
    public static Bytes32 domainSeparator(ReportDomain domain) {
        return Bytes32.of(encoder(domain, PRIMARY_TYPE, types(domain.verifyingContract().isPresent()), Map.of()).hashDomain());
    }

    /** The full {@code eth_signTypedData_v4} JSON. */
    public static ObjectNode toJson(ReportDomain domain, ReportMessage message) {
        ObjectNode root = F.objectNode();
        ObjectNode types = root.putObject("types");
        types(domain.verifyingContract().isPresent(), message.liabilities() != null).forEach((name, fields) -> {
            ArrayNode arr = types.putArray(name);
            fields.forEach(f -> arr.addObject().put("name", f.name()).put("type", f.type()));
        });
        root.put("primaryType", message.primaryType());
        root.set("domain", domainJson(domain));
        root.set("message", messageJson(message));
        return root;
    }

    public static ObjectNode domainJson(ReportDomain d) {
        ObjectNode n = F.objectNode();
        n.put("name", d.name());
        n.put("version", d.version());
        n.put("chainId", d.chainId());
        d.verifyingContract().ifPresent(c -> n.put("verifyingContract", c));
        return n;
    }

    public static ObjectNode messageJson(ReportMessage m) {
        ObjectNode n = F.objectNode();
        n.put("assetId", m.assetId().hex());
        n.put("roundId", m.roundId().toString());
        n.put("decimals", m.decimals());
        n.put("reserves", m.reserves().toString());
        n.put("circulating", m.circulating().toString());
        n.put("ratio", m.ratio().toString());
        n.put("timestamp", Long.toString(m.timestamp()));
        n.put("validUntil", Long.toString(m.validUntil()));
        n.set("heights", heightsJson(m.heights()));
        n.put("signer", m.signer());
        if (m.liabilities() != null) {
            n.set("liabilities", liabilitiesJson(m.liabilities()));
        }
        return n;
    }

    /** The {@code Liabilities} member as typed-data JSON. */
    public static ObjectNode liabilitiesJson(ReportLiabilities l) {
        ObjectNode n = F.objectNode();
        n.put("root", l.root().hex());
        n.put("total", l.total().toString());
        n.put("leaves", Long.toString(l.leaves()));
        n.put("publishedAt", Long.toString(l.publishedAt()));
        n.put("ratio", l.ratio().toString());
        return n;
    }

    /** {@code hashStruct(Liabilities, l)}: the word the solvency report's {@code liabilities} member encodes to. */
    public static Bytes32 liabilitiesHash(ReportLiabilities l) {
        return Bytes32.of(encoder(ReportDomain.of(1), SOLVENCY_TYPE, types(false, true), Map.of())
                .hashMessage(ReportLiabilities.TYPE, values(liabilitiesJson(l))));
    }

    static ArrayNode heightsJson(List<ChainHeight> heights) {
        ArrayNode arr = F.arrayNode();
        for (ChainHeight h : heights) {
            arr.addObject().put("chain", h.chain()).put("height", Long.toString(h.height())).put("blockHash", h.blockHash().hex());
        }
        return arr;
    }

    /** A report's typed data, read back. */
    public record Parsed(ReportDomain domain, ReportMessage message) {
    }

    /** Reads {@code eth_signTypedData_v4} JSON that must be an Assay report; {@code path} prefixes error paths. */
    public static Parsed parse(JsonNode td, String path) {
        requireObject(td, path, Set.of("types", "primaryType", "domain", "message"));
        JsonNode primary = td.get("primaryType");
        if (primary == null || !(PRIMARY_TYPE.equals(primary.asText(null)) || SOLVENCY_TYPE.equals(primary.asText(null)))) {
            throw new TypedDataException(path + ".primaryType: expected \"" + PRIMARY_TYPE + "\" or \"" + SOLVENCY_TYPE + "\"");
        }
        boolean solvency = SOLVENCY_TYPE.equals(primary.asText());
        JsonNode domainNode = td.get("domain");
        requireObject(domainNode, path + ".domain", Set.of("name", "version", "chainId", "verifyingContract"));
        boolean withContract = domainNode.has("verifyingContract");
        if (!schema(td.get("types"), path + ".types").equals(types(withContract, solvency))) {
            throw new TypedDataException(path + ".types: not the Assay report schema (expected EIP712Domain(string name,"
                    + "string version,uint256 chainId" + (withContract ? ",address verifyingContract" : "") + ") and "
                    + (solvency ? SOLVENCY_ENCODED_TYPE : ENCODED_TYPE) + ")");
        }
        return new Parsed(parseDomain(domainNode, path + ".domain"),
                parseMessage(td.get("message"), path + ".message", solvency));
    }

    static ReportDomain parseDomain(JsonNode d, String path) {
        requireObject(d, path, Set.of("name", "version", "chainId", "verifyingContract"));
        String name = text(d, "name", path);
        String version = text(d, "version", path);
        long chainId = int64(required(d, "chainId", path), path + ".chainId", 256);
        Optional<String> contract = d.has("verifyingContract")
                ? Optional.of(address(d.get("verifyingContract"), path + ".verifyingContract"))
                : Optional.empty();
        try {
            return new ReportDomain(name, version, chainId, contract);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    static ReportMessage parseMessage(JsonNode m, String path) {
        return parseMessage(m, path, false);
    }

    static ReportMessage parseMessage(JsonNode m, String path, boolean solvency) {
        List<Field> fields = solvency ? SOLVENCY_FIELDS : REPORT_FIELDS;
        Set<String> names = new java.util.HashSet<>();
        fields.forEach(f -> names.add(f.name()));
        requireObject(m, path, names);
        for (Field f : fields) {
            required(m, f.name(), path);
        }
        Bytes32 assetId = bytes32(m.get("assetId"), path + ".assetId");
        BigInteger roundId = integer(m.get("roundId"), path + ".roundId", 80);
        int decimals = integer(m.get("decimals"), path + ".decimals", 8).intValueExact();
        BigInteger reserves = integer(m.get("reserves"), path + ".reserves", 256);
        BigInteger circulating = integer(m.get("circulating"), path + ".circulating", 256);
        BigInteger ratio = integer(m.get("ratio"), path + ".ratio", 256);
        long timestamp = int64(m.get("timestamp"), path + ".timestamp", 64);
        long validUntil = int64(m.get("validUntil"), path + ".validUntil", 64);
        JsonNode hs = m.get("heights");
        if (!hs.isArray()) {
            throw new TypedDataException(path + ".heights: expected an array of {chain, height, blockHash}");
        }
        List<ChainHeight> heights = new ArrayList<>();
        for (int i = 0; i < hs.size(); i++) {
            String p = path + ".heights[" + i + "]";
            JsonNode h = hs.get(i);
            requireObject(h, p, Set.of("chain", "height", "blockHash"));
            String chain = text(h, "chain", p);
            long height = int64(required(h, "height", p), p + ".height", 64);
            Bytes32 hash = bytes32(required(h, "blockHash", p), p + ".blockHash");
            try {
                heights.add(new ChainHeight(chain, height, hash));
            } catch (IllegalArgumentException e) {
                throw new TypedDataException(p + ": " + e.getMessage());
            }
        }
        String signer = address(m.get("signer"), path + ".signer");
        ReportLiabilities liabilities = solvency ? parseLiabilities(m.get("liabilities"), path + ".liabilities") : null;
        try {
            return new ReportMessage(assetId, roundId, decimals, reserves, circulating, ratio, timestamp, validUntil,
                    heights, signer, liabilities);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    static ReportLiabilities parseLiabilities(JsonNode l, String path) {
        Set<String> names = new java.util.HashSet<>();
        LIABILITIES_FIELDS.forEach(f -> names.add(f.name()));
        requireObject(l, path, names);
        for (Field f : LIABILITIES_FIELDS) {
            required(l, f.name(), path);
        }
        Bytes32 root = bytes32(l.get("root"), path + ".root");
        BigInteger total = integer(l.get("total"), path + ".total", 256);
        long leaves = int64(l.get("leaves"), path + ".leaves", 64);
        long publishedAt = int64(l.get("publishedAt"), path + ".publishedAt", 64);
        BigInteger ratio = integer(l.get("ratio"), path + ".ratio", 256);
        try {
            return new ReportLiabilities(root, total, leaves, publishedAt, ratio);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    /**
     * web3j's encoder for {@code message} of {@code primaryType} (or nothing, to hash a domain or a struct of
     * {@code schema} with {@code hashMessage}) under {@code d}; {@code schema} must match the domain's fields.
     */
    private static StructuredDataEncoder encoder(ReportDomain d, String primaryType, Map<String, List<Field>> schema,
                                                 Map<String, Object> message) {
        HashMap<String, List<StructuredData.Entry>> types = new HashMap<>();
        schema.forEach((name, fields) -> types.put(name,
                fields.stream().map(f -> new StructuredData.Entry(f.name(), f.type())).toList()));
        StructuredData.EIP712Domain domain = new StructuredData.EIP712Domain(d.name(), d.version(),
                Long.toString(d.chainId()), d.verifyingContract().orElse(null), null);
        return new StructuredDataEncoder(new StructuredData.EIP712Message(types, primaryType, message, domain));
    }

    /** A JSON object as the plain maps, lists, strings and numbers web3j's encoder reads (no data binding). */
    private static HashMap<String, Object> values(JsonNode object) {
        HashMap<String, Object> out = new HashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            return values(v);
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>(v.size());
            v.forEach(e -> out.add(plain(e)));
            return out;
        }
        return v.isNumber() ? v.bigIntegerValue() : v.asText();
    }

    /** The {@code types} object of the JSON, read as struct name to members (compared to the schema by the caller). */
    private static Map<String, List<Field>> schema(JsonNode typesNode, String path) {
        if (typesNode == null || !typesNode.isObject()) {
            throw new TypedDataException(path + ": expected an object of struct types");
        }
        Map<String, List<Field>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : typesNode.properties()) {
            String where = path + "." + e.getKey();
            if (!e.getValue().isArray()) {
                throw new TypedDataException(where + ": expected an array of {name, type}");
            }
            List<Field> fields = new ArrayList<>();
            int i = 0;
            for (JsonNode f : e.getValue()) {
                JsonNode name = f.get("name");
                JsonNode type = f.get("type");
                if (name == null || !name.isTextual() || type == null || !type.isTextual()) {
                    throw new TypedDataException(where + "[" + i + "]: expected {\"name\": string, \"type\": string}");
                }
                fields.add(new Field(name.asText(), type.asText()));
                i++;
            }
            out.put(e.getKey(), List.copyOf(fields));
        }
        return out;
    }

    /** Reads an unsigned integer: JSON integer, decimal string, or {@code 0x} hex string; range-checked. */
    private static BigInteger integer(JsonNode v, String path, int bits) {
        BigInteger n;
        if (v.isIntegralNumber()) {
            n = v.bigIntegerValue();
        } else if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            try {
                n = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new TypedDataException(path + ": expected an integer, found " + v.asText());
            }
        } else if (v.isTextual()) {
            String s = v.asText().trim();
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    n = s.length() == 2 ? null : new BigInteger(s.substring(2), 16);
                } else if (s.startsWith("-0x") || s.startsWith("-0X")) {
                    n = new BigInteger(s.substring(3), 16).negate();
                } else {
                    n = new BigInteger(s, 10);
                }
            } catch (NumberFormatException e) {
                n = null;
            }
            if (n == null) {
                throw new TypedDataException(path + ": expected an integer (decimal or 0x hex), found '"
                        + (s.length() <= 40 ? s : s.substring(0, 40) + "…") + "'");
            }
        } else {
            throw new TypedDataException(path + ": expected an integer");
        }
        if (n.signum() < 0 || n.bitLength() > bits) {
            throw new TypedDataException(path + ": " + n + " is out of range for uint" + bits);
        }
        return n;
    }

    /** Reads an address (20 bytes); mixed case must be a valid EIP-55 checksum. */
    private static byte[] addressBytes(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw new TypedDataException(path + ": expected an address string");
        }
        try {
            return Hex.parse(Addresses.evm(v.asText()), path, 20);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    private static void requireObject(JsonNode n, String path, Set<String> allowed) {
        if (n == null || !n.isObject()) {
            throw new TypedDataException(path + ": expected an object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new TypedDataException(path + "." + e.getKey() + ": unknown field");
            }
        }
    }

    private static JsonNode required(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new TypedDataException(path + "." + field + ": missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field, String path) {
        JsonNode v = required(n, field, path);
        if (!v.isTextual()) {
            throw new TypedDataException(path + "." + field + ": expected a string");
        }
        return v.asText();
    }

    private static long int64(JsonNode v, String path, int bits) {
        BigInteger n = integer(v, path, bits);
        if (n.bitLength() > 63) {
            throw new TypedDataException(path + ": " + n + " is beyond what Assay supports (2^63-1)");
        }
        return n.longValueExact();
    }

    private static Bytes32 bytes32(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw new TypedDataException(path + ": expected 0x + 64 hex digits");
        }
        try {
            return Bytes32.parse(v.asText(), path);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(e.getMessage());
        }
    }

    private static String address(JsonNode v, String path) {
        byte[] b = addressBytes(v, path);
        return org.web3j.crypto.Keys.toChecksumAddress(Hex.of(b));
    }
}
