package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.crypto.Hex;
import io.assay.crypto.Signature;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EIP-712 encoder against the specification's own example ("Mail", from eips.ethereum.org/EIPS/eip-712). */
class Eip712Test {
    static final String MAIL = """
            {"types": {
               "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                                {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
               "Person": [{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
               "Mail": [{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
             "primaryType": "Mail",
             "domain": {"name":"Ether Mail","version":"1","chainId":1,
                        "verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
             "message": {"from": {"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                         "to": {"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
                         "contents": "Hello, Bob!"}}""";

    static JsonNode json(String s) throws Exception {
        return SignedReportJson.mapper().readTree(s);
    }

    @Test
    void mailExampleGivesTheSpecDigestDomainSeparatorAndStructHash() throws Exception {
        JsonNode td = json(MAIL);
        Eip712 e = Eip712.fromJson(td.get("types"), "types");
        assertEquals("Mail(Person from,Person to,string contents)Person(string name,address wallet)", e.encodeType("Mail"));
        assertEquals("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.of(e.typeHash("Mail")));
        assertEquals("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f",
                Hex.of(e.hashStruct("EIP712Domain", td.get("domain"), "domain")));
        assertEquals("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e",
                Hex.of(e.hashStruct("Mail", td.get("message"), "message")));
        assertEquals("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Eip712.digest(td).hex());
    }

    @Test
    void cowsKeySignsTheMailDigestAsTheSpecSays() throws Exception {
        byte[] cow = Hash.sha3("cow".getBytes(StandardCharsets.UTF_8));
        SigningKey key = SigningKey.parse(HexFormat.of().formatHex(cow).toCharArray(), "test");
        assertEquals("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", key.address());
        Signature sig = key.sign(Eip712.digest(json(MAIL)));
        assertEquals(28, sig.v());
        assertEquals("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.of(Hex.word(sig.r())));
        assertEquals("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.of(Hex.word(sig.s())));
        assertEquals(key.address(), sig.recover(Eip712.digest(json(MAIL))).orElseThrow());
    }

    @Test
    void dependencyTypesAreSortedByNameAfterThePrimaryType() {
        Eip712 e = new Eip712(java.util.Map.of(
                "Z", java.util.List.of(new Eip712.Field("b", "B[]"), new Eip712.Field("a", "A")),
                "A", java.util.List.of(new Eip712.Field("x", "uint8")),
                "B", java.util.List.of(new Eip712.Field("y", "A[2]"))));
        assertEquals("Z(B[] b,A a)A(uint8 x)B(A[2] y)", e.encodeType("Z"));
    }

    @Test
    void integersAreRangeCheckedForTheirType() throws Exception {
        Eip712 e = new Eip712(java.util.Map.of("T", java.util.List.of(new Eip712.Field("v", "uint8"),
                new Eip712.Field("w", "int16"))));
        ObjectNode ok = (ObjectNode) json("{\"v\":\"0xff\",\"w\":-32768}");
        e.hashStruct("T", ok, "m");
        TypedDataException x = assertThrows(TypedDataException.class,
                () -> e.hashStruct("T", json("{\"v\":256,\"w\":0}"), "m"));
        assertEquals("m.v: 256 is out of range for uint8", x.getMessage());
        x = assertThrows(TypedDataException.class, () -> e.hashStruct("T", json("{\"v\":1.5,\"w\":0}"), "m"));
        assertEquals("m.v: expected an integer, found 1.5", x.getMessage());
        x = assertThrows(TypedDataException.class, () -> e.hashStruct("T", json("{\"v\":1}"), "m"));
        assertEquals("m.w: missing (int16)", x.getMessage());
    }

    @Test
    void negativeIntegersAreTwosComplementWords() throws Exception {
        Eip712 e = new Eip712(java.util.Map.of("T", java.util.List.of(new Eip712.Field("w", "int16"))));
        assertEquals("0x" + "ff".repeat(32), Hex.of(e.encodeValue("int16", json("-1"), "w")));
    }

    @Test
    void bytesNMustHaveExactlyNBytesAndIsLeftAligned() throws Exception {
        Eip712 e = new Eip712(java.util.Map.of());
        assertEquals("0xabcd" + "00".repeat(30), Hex.of(e.encodeValue("bytes2", json("\"0xabcd\""), "b")));
        TypedDataException x = assertThrows(TypedDataException.class,
                () -> e.encodeValue("bytes32", json("\"0xabcd\""), "b"));
        assertEquals("b: expected 32 bytes, found 2", x.getMessage());
    }

    @Test
    void addressWithWrongChecksumIsRejected() throws Exception {
        Eip712 e = new Eip712(java.util.Map.of());
        TypedDataException x = assertThrows(TypedDataException.class,
                () -> e.encodeValue("address", json("\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827\""), "a"));
        assertTrue(x.getMessage().startsWith("a: EIP-55 checksum mismatch"), x.getMessage());
    }

    @Test
    void unknownTypesAreNamed() {
        TypedDataException x = assertThrows(TypedDataException.class, () -> new Eip712(java.util.Map.of(
                "T", java.util.List.of(new Eip712.Field("v", "uint7")))));
        assertEquals("types.T.v: unknown type uint7", x.getMessage());
    }
}
