package io.assay.crypto;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our EIP-191 personal_sign digest and recovery agree with web3j's independent implementation. */
class Eip191Test {
    @Test
    void digestAndRecoveryMatchWeb3j() throws Exception {
        byte[] msg = "{\"data\":{\"total\":\"1000.50\"}}\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(Sign.getEthereumMessageHash(msg), Eip191.digest(msg).bytes());

        ECKeyPair pair = ECKeyPair.create(BigInteger.valueOf(1));
        Sign.SignatureData d = Sign.signPrefixedMessage(msg, pair);
        byte[] sig = new byte[65];
        System.arraycopy(d.getR(), 0, sig, 0, 32);
        System.arraycopy(d.getS(), 0, sig, 32, 32);
        sig[64] = d.getV()[0];
        String expected = Keys.toChecksumAddress(Keys.getAddress(pair.getPublicKey()));
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", expected, "address of private key 1");
        assertEquals(Optional.of(expected), Eip191.recover(msg, Hex.of(sig)));
        // one byte more and the signer is someone else (or nobody)
        byte[] other = java.util.Arrays.copyOf(msg, msg.length + 1);
        other[msg.length] = ' ';
        org.junit.jupiter.api.Assertions.assertNotEquals(Optional.of(expected), Eip191.recover(other, Hex.of(sig)));
        assertEquals(Optional.empty(), Eip191.recover(msg, "0x1234"));
    }
}
