package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.crypto.Hex;
import io.assay.crypto.Signature;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredDataEncoder;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The EIP-712 encoder Assay hashes with (web3j's) and the key it signs with, against the specification's own
 * example ("Mail", from eips.ethereum.org/EIPS/eip-712).
 */
class TypedDataSigningTest {
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

    @Test
    @SuppressWarnings("unchecked")
    void mailExampleGivesTheSpecDigestDomainSeparatorAndTypeHash() throws Exception {
        StructuredDataEncoder e = new StructuredDataEncoder(MAIL);
        assertEquals("Mail(Person from,Person to,string contents)Person(string name,address wallet)", e.encodeType("Mail"));
        assertEquals("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.of(e.typeHash("Mail")));
        assertEquals("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.of(e.hashDomain()));
        assertEquals("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e",
                Hex.of(e.hashMessage("Mail", (HashMap<String, Object>) e.jsonMessageObject.getMessage())));
        assertEquals("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.of(e.hashStructuredData()));
    }

    @Test
    void cowsKeySignsTheMailDigestAsTheSpecSays() throws Exception {
        byte[] cow = Hash.sha3("cow".getBytes(StandardCharsets.UTF_8));
        SigningKey key = SigningKey.parse(HexFormat.of().formatHex(cow).toCharArray(), "test");
        assertEquals("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", key.address());
        Bytes32 digest = Bytes32.of(new StructuredDataEncoder(MAIL).hashStructuredData());
        Signature sig = key.sign(digest);
        assertEquals(28, sig.v());
        assertEquals("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.of(Hex.word(sig.r())));
        assertEquals("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.of(Hex.word(sig.s())));
        assertEquals(key.address(), sig.recover(digest).orElseThrow());
    }
}
