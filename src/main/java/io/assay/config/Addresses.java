package io.assay.config;

import io.assay.chain.bitcoin.DescriptorChecksum;
import org.bitcoinj.base.AddressParser;
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

    /** A Bitcoin address valid on {@code network}; an address of another network is named as such. */
    public static String bitcoin(String s, BitcoinNetwork network) {
        try {
            AddressParser.getDefault(network).parseAddress(s);
            return s;
        } catch (IllegalArgumentException e) {
            for (BitcoinNetwork other : BitcoinNetwork.values()) {
                if (other == network) {
                    continue;
                }
                boolean parses;
                try {
                    AddressParser.getDefault(other).parseAddress(s);
                    parses = true;
                } catch (IllegalArgumentException ignored) {
                    parses = false;
                }
                if (parses) {
                    throw new IllegalArgumentException("'" + s + "' is a " + networkName(other)
                            + " address; this chain is " + networkName(network));
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a valid " + networkName(network) + " address ("
                    + e.getMessage() + ")");
        }
    }

    public static String networkName(BitcoinNetwork n) {
        return switch (n) {
            case MAINNET -> "mainnet";
            case TESTNET -> "testnet";
            case SIGNET -> "signet";
            case REGTEST -> "regtest";
        };
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

    /** A descriptor whose BIP 380 checksum, when given, matches. Full parsing happens in the Bitcoin indexer. */
    public static String descriptor(String s) {
        DescriptorChecksum.verify(s, false);
        return s;
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
