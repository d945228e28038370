package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.config.Addresses;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Hex;
import org.web3j.crypto.Hash;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EIP-712 hashing ({@code hashStruct}, {@code encodeType}, the {@code 0x1901} digest) of typed data in the JSON
 * form of {@code eth_signTypedData_v4}: {@code {types, primaryType, domain, message}}.
 *
 * <p>Values are read strictly: integers as JSON integers, decimal strings or {@code 0x} hex strings, range-checked
 * against their {@code uintN}/{@code intN}; {@code bytesN} must have exactly N bytes; addresses 20 bytes (mixed
 * case must be a valid EIP-55 checksum); every field of a struct must be present. Every error is a
 * {@link TypedDataException} naming the JSON path of the value. Field names not declared in a type are ignored,
 * as EIP-712 hashes only declared fields (callers that want a closed form check that themselves).
 */
public final class Eip712 {
    /** The domain's type name. */
    public static final String DOMAIN = "EIP712Domain";

    private static final Pattern ARRAY = Pattern.compile("^(.+)\\[(\\d*)]$");
    private static final Pattern UINT = Pattern.compile("^(u?)int(\\d{1,3})$");
    private static final Pattern BYTES_N = Pattern.compile("^bytes(\\d{1,2})$");
    private static final Pattern IDENT = Pattern.compile("^[A-Za-z_$][A-Za-z0-9_$]*$");

    /** One member of a struct type. */
    public record Field(String name, String type) {
    }

    private final Map<String, List<Field>> types;

    /** {@code types}: struct name to its members in declaration order (the order matters to the hash). */
    public Eip712(Map<String, List<Field>> types) {
        Map<String, List<Field>> copy = new LinkedHashMap<>();
        types.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.types = Collections.unmodifiableMap(copy);
        for (Map.Entry<String, List<Field>> e : this.types.entrySet()) {
            if (!IDENT.matcher(e.getKey()).matches()) {
                throw new TypedDataException("types." + e.getKey() + ": not a valid type name");
            }
            Set<String> names = new java.util.HashSet<>();
            for (Field f : e.getValue()) {
                String where = "types." + e.getKey() + "." + f.name();
                if (!IDENT.matcher(f.name()).matches()) {
                    throw new TypedDataException(where + ": not a valid member name");
                }
                if (!names.add(f.name())) {
                    throw new TypedDataException(where + ": declared twice");
                }
                checkType(f.type(), where);
            }
        }
    }

    /** Reads the {@code types} object of {@code eth_signTypedData_v4} JSON. */
    public static Eip712 fromJson(JsonNode typesNode, String path) {
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
            out.put(e.getKey(), fields);
        }
        return new Eip712(out);
    }

    public Map<String, List<Field>> types() {
        return types;
    }

    /** The digest a wallet signs: {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(primaryType, message))}. */
    public static Bytes32 digest(JsonNode typedData) {
        if (typedData == null || !typedData.isObject()) {
            throw new TypedDataException("typedData: expected an object {types, primaryType, domain, message}");
        }
        Eip712 e = fromJson(typedData.get("types"), "typedData.types");
        JsonNode primary = typedData.get("primaryType");
        if (primary == null || !primary.isTextual()) {
            throw new TypedDataException("typedData.primaryType: expected a type name");
        }
        return e.digest(primary.asText(), typedData.get("domain"), typedData.get("message"), "typedData");
    }

    /** The digest for {@code message} of {@code primaryType} under {@code domain} (both JSON objects). */
    public Bytes32 digest(String primaryType, JsonNode domain, JsonNode message, String path) {
        if (!types.containsKey(DOMAIN)) {
            throw new TypedDataException(path + ".types." + DOMAIN + ": missing");
        }
        if (primaryType.equals(DOMAIN)) {
            throw new TypedDataException(path + ".primaryType: must not be " + DOMAIN);
        }
        byte[] separator = hashStruct(DOMAIN, domain, path + ".domain");
        byte[] struct = hashStruct(primaryType, message, path + ".message");
        return Bytes32.of(digest(separator, struct));
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}. */
    public static byte[] digest(byte[] domainSeparator, byte[] structHash) {
        byte[] all = new byte[66];
        all[0] = 0x19;
        all[1] = 0x01;
        System.arraycopy(domainSeparator, 0, all, 2, 32);
        System.arraycopy(structHash, 0, all, 34, 32);
        return Hash.sha3(all);
    }

    /** {@code encodeType}: the primary type's signature followed by its referenced struct types sorted by name. */
    public String encodeType(String primaryType) {
        requireStruct(primaryType, "type " + primaryType);
        Set<String> deps = new TreeSet<>();
        collect(primaryType, deps);
        deps.remove(primaryType);
        StringBuilder sb = new StringBuilder();
        appendSignature(sb, primaryType);
        for (String d : deps) {
            appendSignature(sb, d);
        }
        return sb.toString();
    }

    public byte[] typeHash(String type) {
        return Hash.sha3(encodeType(type).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code hashStruct(type, value) = keccak256(typeHash ‖ encodeData(value))}. */
    public byte[] hashStruct(String type, JsonNode value, String path) {
        List<Field> fields = requireStruct(type, path);
        if (value == null || !value.isObject()) {
            throw new TypedDataException(path + ": expected an object of type " + type);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * (fields.size() + 1));
        out.writeBytes(typeHash(type));
        for (Field f : fields) {
            JsonNode v = value.get(f.name());
            if (v == null) {
                throw new TypedDataException(path + "." + f.name() + ": missing (" + f.type() + ")");
            }
            out.writeBytes(encodeValue(f.type(), v, path + "." + f.name()));
        }
        return Hash.sha3(out.toByteArray());
    }

    /** The 32-byte {@code encodeData} word of one value of {@code type}. */
    public byte[] encodeValue(String type, JsonNode v, String path) {
        Matcher array = ARRAY.matcher(type);
        if (array.matches()) {
            if (!v.isArray()) {
                throw new TypedDataException(path + ": expected an array (" + type + ")");
            }
            if (!array.group(2).isEmpty() && v.size() != Integer.parseInt(array.group(2))) {
                throw new TypedDataException(path + ": expected " + array.group(2) + " elements, found " + v.size());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * v.size());
            for (int i = 0; i < v.size(); i++) {
                out.writeBytes(encodeValue(array.group(1), v.get(i), path + "[" + i + "]"));
            }
            return Hash.sha3(out.toByteArray());
        }
        if (types.containsKey(type)) {
            return hashStruct(type, v, path);
        }
        switch (type) {
            case "string" -> {
                if (!v.isTextual()) {
                    throw new TypedDataException(path + ": expected a string");
                }
                return Hash.sha3(v.asText().getBytes(StandardCharsets.UTF_8));
            }
            case "bytes" -> {
                return Hash.sha3(hex(v, path, -1));
            }
            case "bool" -> {
                if (!v.isBoolean()) {
                    throw new TypedDataException(path + ": expected true or false");
                }
                return Hex.word(v.asBoolean() ? BigInteger.ONE : BigInteger.ZERO);
            }
            case "address" -> {
                return Hex.word(new BigInteger(1, address(v, path)));
            }
            default -> {
                // fall through to the sized types below
            }
        }
        Matcher bytesN = BYTES_N.matcher(type);
        if (bytesN.matches()) {
            byte[] b = hex(v, path, Integer.parseInt(bytesN.group(1)));
            byte[] word = new byte[32];
            System.arraycopy(b, 0, word, 0, b.length); // bytesN is left-aligned, zero-padded on the right
            return word;
        }
        Matcher integer = UINT.matcher(type);
        if (integer.matches()) {
            int bits = Integer.parseInt(integer.group(2));
            BigInteger n = integer(v, path, integer.group(1).isEmpty(), bits);
            return Hex.word(n.signum() < 0 ? n.add(BigInteger.ONE.shiftLeft(256)) : n);
        }
        throw new TypedDataException(path + ": unknown type " + type);
    }

    /** Reads an integer value: JSON integer, decimal string, or {@code 0x} hex string; range-checked. */
    public static BigInteger integer(JsonNode v, String path, boolean signed, int bits) {
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
                throw new TypedDataException(path + ": expected an integer (decimal or 0x hex), found '" + abbreviate(s) + "'");
            }
        } else {
            throw new TypedDataException(path + ": expected an integer");
        }
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new TypedDataException(path + ": " + n + " is out of range for " + (signed ? "int" : "uint") + bits);
        }
        return n;
    }

    /** Reads an address (20 bytes); mixed case must be a valid EIP-55 checksum. */
    public static byte[] address(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw new TypedDataException(path + ": expected an address string");
        }
        try {
            return Hex.parse(Addresses.evm(v.asText()), path, 20);
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(path + ": " + e.getMessage());
        }
    }

    private static byte[] hex(JsonNode v, String path, int length) {
        if (!v.isTextual()) {
            throw new TypedDataException(path + ": expected a 0x-prefixed hex string");
        }
        try {
            return length < 0 ? Hex.parse(v.asText(), path) : Hex.parse(v.asText(), path, length);
        } catch (TypedDataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private List<Field> requireStruct(String type, String path) {
        List<Field> fields = types.get(type);
        if (fields == null) {
            throw new TypedDataException(path + ": no struct type named " + type + " in types");
        }
        return fields;
    }

    private void collect(String type, Set<String> seen) {
        if (!seen.add(type)) {
            return;
        }
        for (Field f : types.get(type)) {
            String base = baseType(f.type());
            if (types.containsKey(base)) {
                collect(base, seen);
            }
        }
    }

    private void appendSignature(StringBuilder sb, String type) {
        sb.append(type).append('(');
        List<Field> fields = types.get(type);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(fields.get(i).type()).append(' ').append(fields.get(i).name());
        }
        sb.append(')');
    }

    private static String baseType(String type) {
        String t = type;
        for (Matcher m = ARRAY.matcher(t); m.matches(); m = ARRAY.matcher(t)) {
            t = m.group(1);
        }
        return t;
    }

    private void checkType(String type, String where) {
        String base = baseType(type);
        if (types.containsKey(base) || base.equals("string") || base.equals("bytes") || base.equals("bool")
                || base.equals("address")) {
            return;
        }
        Matcher b = BYTES_N.matcher(base);
        if (b.matches()) {
            int n = Integer.parseInt(b.group(1));
            if (n >= 1 && n <= 32) {
                return;
            }
        }
        Matcher u = UINT.matcher(base);
        if (u.matches()) {
            int bits = Integer.parseInt(u.group(2));
            if (bits >= 8 && bits <= 256 && bits % 8 == 0) {
                return;
            }
        }
        throw new TypedDataException(where + ": unknown type " + type);
    }
}
