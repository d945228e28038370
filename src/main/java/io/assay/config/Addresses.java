package io.assay.config;

import io.assay.descriptor.AddressScripts;
import io.assay.descriptor.Descriptor;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.web3j.crypto.Keys;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax checks for the identifiers profiles carry. Each returns the canonical form or throws with the reason. */
public final class Addresses {
    private static final Pattern EVM = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Addresses() {
    }

    /**
     * An EVM address in its EIP-55 checksummed form. All-lowercase input carries no checksum and is accepted;
     * mixed case must match EIP-55 exactly (a wrong checksum usually means a mistyped address).
     */
    public static String evm(String s) {
        if (!EVM.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a 0x-prefixed 20-byte hex EVM address, found '" + s + "'");
        }
        String checksummed = Keys.toChecksumAddress(s);
        String hex = s.substring(2);
        boolean uniform = hex.equals(hex.toLowerCase(Locale.ROOT)) || hex.equals(hex.toUpperCase(Locale.ROOT));
        if (!uniform && !checksummed.equals(s)) {
            throw new IllegalArgumentException("EIP-55 checksum mismatch for '" + s + "' (expected " + checksummed + ")");
        }
        return checksummed;
    }

    public static BitcoinNetwork bitcoinNetwork(String network) {
        return switch (network.toLowerCase(Locale.ROOT)) {
            case "mainnet", "main", "bitcoin" -> BitcoinNetwork.MAINNET;
            case "testnet", "testnet3", "test" -> BitcoinNetwork.TESTNET;
            case "signet" -> BitcoinNetwork.SIGNET;
            case "regtest" -> BitcoinNetwork.REGTEST;
            default -> throw new IllegalArgumentException("unknown Bitcoin network '" + network
                    + "'; expected mainnet, testnet, signet or regtest");
        };
    }

    /**
     * A Bitcoin address valid on {@code network}: P2PKH, P2SH, P2WPKH, P2WSH or P2TR. The message says which
     * network an address belongs to when it is not the chain's.
     */
    public static String bitcoin(String s, BitcoinNetwork network) {
        AddressScripts.parse(s, network);
        return s;
    }

    /** A scriptPubKey in hex, lowercased. */
    public static String script(String s) {
        String hex = s.toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 20_000) {
            throw new IllegalArgumentException("expected an even number of hex digits (at most 10000 bytes)");
        }
        try {
            HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected hex digits only, found '" + s + "'");
        }
        return hex;
    }

    /**
     * An output descriptor fully parsed for {@code network} (keys, derivation, nesting, checksum when given).
     *
     * @throws IllegalArgumentException ({@link io.assay.descriptor.DescriptorException}) saying what is wrong
     */
    public static Descriptor descriptor(String s, BitcoinNetwork network) {
        return Descriptor.parse(s, network);
    }

    /** A Solana public key: base58 of 32 bytes. */
    public static String solana(String s) {
        byte[] raw;
        try {
            raw = Base58.decode(s);
        } catch (AddressFormatException e) {
            throw new IllegalArgumentException("expected a base58 Solana public key, found '" + s + "'");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("a Solana public key is 32 bytes, '" + s + "' decodes to " + raw.length);
        }
        return s;
    }
}
