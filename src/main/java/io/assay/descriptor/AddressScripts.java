package io.assay.descriptor;

import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.script.ScriptBuilder;

/**
 * Bitcoin addresses to the scriptPubKeys they stand for: P2PKH, P2SH (base58) and P2WPKH, P2WSH (bech32,
 * segwit v0), P2TR (bech32m, segwit v1). Parsing is bitcoinj's; the messages say which network an address
 * belongs to when it is not the chain's.
 */
public final class AddressScripts {
    private AddressScripts() {
    }

    /**
     * The address parsed for {@code network}.
     *
     * @throws IllegalArgumentException naming the address and what is wrong (wrong network, bad checksum, ...)
     */
    public static Address parse(String address, BitcoinNetwork network) {
        try {
            Address a = AddressParser.getDefault(network).parseAddress(address);
            if (a instanceof SegwitAddress sw && sw.getWitnessVersion() > 1) {
                throw new IllegalStateException("segwit v" + sw.getWitnessVersion());
            }
            return a;
        } catch (AddressFormatException e) {
            String other = networkOf(address, network);
            if (other != null) {
                throw new IllegalArgumentException("'" + address + "' is a " + other + " address, but the chain is "
                        + name(network));
            }
            throw new IllegalArgumentException("'" + address + "' is not a valid " + name(network) + " address ("
                    + describe(address, network) + ")");
        } catch (IllegalStateException e) {
            // segwit v2..v16: valid (BIP 350) but no output type that holds reserves today
            throw new IllegalArgumentException("'" + address + "' uses a future segwit version; supported are P2PKH, "
                    + "P2SH, P2WPKH, P2WSH and P2TR addresses");
        }
    }

    /** The scriptPubKey an output paying {@code address} carries. */
    public static byte[] scriptPubKey(String address, BitcoinNetwork network) {
        return ScriptBuilder.createOutputScript(parse(address, network)).program();
    }

    public static String name(BitcoinNetwork network) {
        return switch (network) {
            case MAINNET -> "mainnet";
            case TESTNET -> "testnet";
            case SIGNET -> "signet";
            case REGTEST -> "regtest";
        };
    }

    private static String networkOf(String address, BitcoinNetwork except) {
        for (BitcoinNetwork n : new BitcoinNetwork[]{BitcoinNetwork.MAINNET, BitcoinNetwork.TESTNET, BitcoinNetwork.REGTEST}) {
            if (n == except || (n == BitcoinNetwork.TESTNET && except == BitcoinNetwork.SIGNET)) {
                continue;
            }
            try {
                AddressParser.getDefault(n).parseAddress(address);
                return n == BitcoinNetwork.TESTNET ? "testnet/signet" : name(n);
            } catch (RuntimeException e) {
                // not this network either
            }
        }
        return null;
    }

    /** The specific reason, from the parser of the address's apparent kind (bitcoinj's combined parser only echoes it). */
    private static String describe(String address, BitcoinNetwork network) {
        String hrp = switch (network) {
            case MAINNET -> "bc1";
            case TESTNET, SIGNET -> "tb1";
            case REGTEST -> "bcrt1";
        };
        try {
            if (address.toLowerCase(java.util.Locale.ROOT).startsWith(hrp)) {
                SegwitAddress.fromBech32(address, network);
            } else {
                LegacyAddress.fromBase58(address, network);
            }
            return "not an address bitcoinj can type";
        } catch (AddressFormatException.InvalidChecksum e) {
            return "checksum mismatch: mistyped?";
        } catch (AddressFormatException e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        } catch (RuntimeException e) {
            return "unsupported address: " + e.getMessage();
        }
    }
}
