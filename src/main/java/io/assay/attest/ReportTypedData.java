package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Hex;
import org.web3j.crypto.Hash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<Eip712.Field> REPORT_FIELDS = List.of(
            new Eip712.Field("assetId", "bytes32"),
            new Eip712.Field("roundId", "uint80"),
            new Eip712.Field("decimals", "uint8"),
            new Eip712.Field("reserves", "uint256"),
            new Eip712.Field("circulating", "uint256"),
            new Eip712.Field("ratio", "uint256"),
            new Eip712.Field("timestamp", "uint64"),
            new Eip712.Field("validUntil", "uint64"),
            new Eip712.Field("heights", CHAIN_HEIGHT + "[]"),
            new Eip712.Field("signer", "address"));
    private static final List<Eip712.Field> SOLVENCY_FIELDS = java.util.stream.Stream.concat(REPORT_FIELDS.stream(),
            java.util.stream.Stream.of(new Eip712.Field("liabilities", ReportLiabilities.TYPE))).toList();
    private static final List<Eip712.Field> LIABILITIES_FIELDS = List.of(
            new Eip712.Field("root", "bytes32"),
            new Eip712.Field("total", "uint256"),
            new Eip712.Field("leaves", "uint64"),
            new Eip712.Field("publishedAt", "uint64"),
            new Eip712.Field("ratio", "uint256"));
    private static final List<Eip712.Field> HEIGHT_FIELDS = List.of(
            new Eip712.Field("chain", "string"),
            new Eip712.Field("height", "uint64"),
            new Eip712.Field("blockHash", "bytes32"));
    private static final List<Eip712.Field> DOMAIN_FIELDS = List.of(
            new Eip712.Field("name", "string"),
            new Eip712.Field("version", "string"),
            new Eip712.Field("chainId", "uint256"));
    private static final Eip712.Field VERIFYING_CONTRACT = new Eip712.Field("verifyingContract", "address");

    private static final Eip712 WITHOUT_CONTRACT = new Eip712(types(false));
    private static final Eip712 WITH_CONTRACT = new Eip712(types(true));
    private static final Eip712 SOLVENCY_WITHOUT_CONTRACT = new Eip712(types(false, true));
    private static final Eip712 SOLVENCY_WITH_CONTRACT = new Eip712(types(true, true));

    private ReportTypedData() {
    }

    /** The struct types of a {@code PorReport} for a domain with or without {@code verifyingContract}. */
    public static Map<String, List<Eip712.Field>> types(boolean withVerifyingContract) {
        return types(withVerifyingContract, false);
    }

    /** The struct types of a {@code PorReport}, or with {@code solvency} of a {@code PorSolvencyReport}. */
    public static Map<String, List<Eip712.Field>> types(boolean withVerifyingContract, boolean solvency) {
        List<Eip712.Field> domain = new ArrayList<>(DOMAIN_FIELDS);
        if (withVerifyingContract) {
            domain.add(VERIFYING_CONTRACT);
        }
        Map<String, List<Eip712.Field>> t = new LinkedHashMap<>();
        t.put(Eip712.DOMAIN, List.copyOf(domain));
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
        return Bytes32.of(WITHOUT_CONTRACT.encodeValue(CHAIN_HEIGHT + "[]", heightsJson(heights), "heights"));
    }

    /** The EIP-712 digest a signer signs for {@code message} under {@code domain}. */
    public static Bytes32 digest(ReportDomain domain, ReportMessage message) {
        return eip712(domain, message.liabilities() != null).digest(message.primaryType(), domainJson(domain),
                messageJson(message), "typedData");
    }

    /** {@code hashStruct(EIP712Domain, domain)}, the domain separator. */
    public static Bytes32 domainSeparator(ReportDomain domain) {
        return Bytes32.of(eip712(domain, false).hashStruct(Eip712.DOMAIN, domainJson(domain), "domain"));
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
        return Bytes32.of(SOLVENCY_WITHOUT_CONTRACT.hashStruct(ReportLiabilities.TYPE, liabilitiesJson(l), "liabilities"));
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
        Eip712 given = Eip712.fromJson(td.get("types"), path + ".types");
        if (!given.types().equals(types(withContract, solvency))) {
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
        List<Eip712.Field> fields = solvency ? SOLVENCY_FIELDS : REPORT_FIELDS;
        Set<String> names = new java.util.HashSet<>();
        fields.forEach(f -> names.add(f.name()));
        requireObject(m, path, names);
        for (Eip712.Field f : fields) {
            required(m, f.name(), path);
        }
        Bytes32 assetId = bytes32(m.get("assetId"), path + ".assetId");
        BigInteger roundId = Eip712.integer(m.get("roundId"), path + ".roundId", false, 80);
        int decimals = Eip712.integer(m.get("decimals"), path + ".decimals", false, 8).intValueExact();
        BigInteger reserves = Eip712.integer(m.get("reserves"), path + ".reserves", false, 256);
        BigInteger circulating = Eip712.integer(m.get("circulating"), path + ".circulating", false, 256);
        BigInteger ratio = Eip712.integer(m.get("ratio"), path + ".ratio", false, 256);
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
        for (Eip712.Field f : LIABILITIES_FIELDS) {
            required(l, f.name(), path);
        }
        Bytes32 root = bytes32(l.get("root"), path + ".root");
        BigInteger total = Eip712.integer(l.get("total"), path + ".total", false, 256);
        long leaves = int64(l.get("leaves"), path + ".leaves", 64);
        long publishedAt = int64(l.get("publishedAt"), path + ".publishedAt", 64);
        BigInteger ratio = Eip712.integer(l.get("ratio"), path + ".ratio", false, 256);
        try {
            return new ReportLiabilities(root, total, leaves, publishedAt, ratio);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    private static Eip712 eip712(ReportDomain d, boolean solvency) {
        if (solvency) {
            return d.verifyingContract().isPresent() ? SOLVENCY_WITH_CONTRACT : SOLVENCY_WITHOUT_CONTRACT;
        }
        return d.verifyingContract().isPresent() ? WITH_CONTRACT : WITHOUT_CONTRACT;
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
        BigInteger n = Eip712.integer(v, path, false, bits);
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
        byte[] b = Eip712.address(v, path);
        return org.web3j.crypto.Keys.toChecksumAddress(Hex.of(b));
    }
}
