package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.crypto.Hex;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredDataEncoder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTypedDataTest {
    @Test
    void encodedTypeIsTheOneEip712DerivesFromTheTypes() throws Exception {
        String json = ReportTypedData.toJson(ReportDomain.of(1), ReportMessage.of(Reports.sample(), Reports.ANVIL_ADDRESS)).toString();
        assertEquals(ReportTypedData.ENCODED_TYPE, new StructuredDataEncoder(json).encodeType("PorReport"));
    }

    @Test
    void heightsAreSortedByChainName() {
        assertEquals(List.of("bitcoin", "ethereum", "polygon"),
                Reports.sample().heights().stream().map(ChainHeight::chain).toList());
    }

    @Test
    void digestAgreesWithWeb3jsIndependentEncoder() throws Exception {
        for (ReportDomain d : List.of(ReportDomain.of(1), ReportDomain.of(137, "0x5FbDB2315678afecb367f032d93F642f64180aa3"))) {
            ReportMessage m = ReportMessage.of(Reports.sample(), Reports.ANVIL_ADDRESS);
            String json = ReportTypedData.toJson(d, m).toString();
            byte[] theirs = new StructuredDataEncoder(json).hashStructuredData();
            assertArrayEquals(theirs, ReportTypedData.digest(d, m).bytes(), "domain " + d);
        }
    }

    @Test
    void heightsDigestIsTheEip712ArrayEncodingOfChainHeightStructs() {
        List<ChainHeight> hs = Reports.sample().heights();
        byte[] typeHash = Hash.sha3("ChainHeight(string chain,uint64 height,bytes32 blockHash)".getBytes(StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (ChainHeight h : hs) {
            java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
            one.writeBytes(typeHash);
            one.writeBytes(Hash.sha3(h.chain().getBytes(StandardCharsets.UTF_8)));
            one.writeBytes(Hex.word(BigInteger.valueOf(h.height())));
            one.writeBytes(h.blockHash().bytes());
            all.writeBytes(Hash.sha3(one.toByteArray()));
        }
        assertEquals(Hex.of(Hash.sha3(all.toByteArray())), ReportTypedData.heightsDigest(hs).hex());
    }

    @Test
    void chainIdsAreLimitedToWhatAJavaScriptNumberHolds() {
        assertEquals(ReportDomain.MAX_CHAIN_ID, ReportDomain.of((1L << 53) - 1).chainId());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ReportDomain.of(1L << 53));
        assertEquals("domain chainId must be in [1, 2^53-1], found 9007199254740992", x.getMessage());
    }

    @Test
    void wideIntegersAreDecimalStringsInTheJson() {
        ObjectNode td = ReportTypedData.toJson(ReportDomain.of(1), ReportMessage.of(Reports.sample(), Reports.ANVIL_ADDRESS));
        JsonNode m = td.get("message");
        for (String f : List.of("roundId", "reserves", "circulating", "ratio", "timestamp", "validUntil")) {
            assertTrue(m.get(f).isTextual(), f);
        }
        assertTrue(m.get("heights").get(0).get("height").isTextual());
        assertTrue(m.get("decimals").isInt());
        assertTrue(td.get("domain").get("chainId").isIntegralNumber());
    }

    @Test
    void typedDataRoundTrips() {
        ReportDomain d = ReportDomain.of(43114, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
        ReportMessage m = ReportMessage.of(Reports.sample(), Reports.ANVIL_ADDRESS);
        ReportTypedData.Parsed p = ReportTypedData.parse(ReportTypedData.toJson(d, m), "typedData");
        assertEquals(d, p.domain());
        assertEquals(m, p.message());
        assertEquals("0x5FbDB2315678afecb367f032d93F642f64180aa3", p.domain().verifyingContract().orElseThrow());
    }

    @Test
    void ratioIsFloorOfReservesTimes1e18OverCirculating() {
        assertEquals(new BigInteger("1050000000000000000"), ReportMessage.ratio(BigInteger.valueOf(21), BigInteger.valueOf(20)));
        assertEquals(new BigInteger("333333333333333333"), ReportMessage.ratio(BigInteger.ONE, BigInteger.valueOf(3)));
        assertEquals(ReportMessage.UINT256_MAX, ReportMessage.ratio(BigInteger.TEN, BigInteger.ZERO));
        assertEquals("1.05", ReportMessage.ratioText(new BigInteger("1050000000000000000")));
        assertEquals("1", ReportMessage.ratioText(new BigInteger("1000000000000000000")));
        assertEquals("0.333333333333333333", ReportMessage.ratioText(new BigInteger("333333333333333333")));
        assertEquals("0", ReportMessage.ratioText(BigInteger.ZERO));
        assertEquals("unbounded", ReportMessage.ratioText(ReportMessage.UINT256_MAX));
    }

    @Test
    void parseRejectsAnotherSchemaUnknownFieldsAndUnsortedHeights() {
        ObjectNode td = ReportTypedData.toJson(ReportDomain.of(1), ReportMessage.of(Reports.sample(), Reports.ANVIL_ADDRESS));
        ObjectNode renamed = td.deepCopy();
        ((ObjectNode) renamed.withArray("/types/PorReport").get(3)).put("name", "reserve");
        TypedDataException x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(renamed, "typedData"));
        assertTrue(x.getMessage().startsWith("typedData.types: not the Assay report schema"), x.getMessage());

        ObjectNode extra = td.deepCopy();
        ((ObjectNode) extra.get("message")).put("note", "audited");
        x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(extra, "typedData"));
        assertEquals("typedData.message.note: unknown field", x.getMessage());

        ObjectNode unsorted = td.deepCopy();
        var hs = unsorted.withArray("/message/heights");
        JsonNode first = hs.remove(0);
        hs.add(first);
        x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(unsorted, "typedData"));
        assertTrue(x.getMessage().startsWith("typedData.message: heights must be sorted by chain name"), x.getMessage());

        ObjectNode big = td.deepCopy();
        ((ObjectNode) big.get("message")).put("decimals", 300);
        x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(big, "typedData"));
        assertEquals("typedData.message.decimals: 300 is out of range for uint8", x.getMessage());

        ObjectNode fraction = td.deepCopy();
        ((ObjectNode) fraction.get("message")).put("decimals", 1.5);
        x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(fraction, "typedData"));
        assertEquals("typedData.message.decimals: expected an integer, found 1.5", x.getMessage());

        ObjectNode checksum = td.deepCopy();
        ((ObjectNode) checksum.get("message")).put("signer", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827");
        x = assertThrows(TypedDataException.class, () -> ReportTypedData.parse(checksum, "typedData"));
        assertTrue(x.getMessage().startsWith("typedData.message.signer: EIP-55 checksum mismatch"), x.getMessage());
    }
}
