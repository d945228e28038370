package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.DumpedPrivateKey;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support only: rewrites a test-vector descriptor that holds private keys into its public twin, the
 * way BIP 380 "normalization" exports it. Each WIF becomes its public key in hex; each xprv becomes the
 * xpub at its last hardened step (derived here with bitcoinj's private derivation) followed by the
 * remaining unhardened steps. Production code never sees a private key.
 */
final class PublicTwin {
    private static final Pattern XPRV = Pattern.compile("(?<=[(,\\]{])(xprv[1-9A-HJ-NP-Za-km-z]{100,112})((?:/[^,)}/]*)*)");
    private static final Pattern WIF = Pattern.compile("(?<=[(,\\]{])([5KL][1-9A-HJ-NP-Za-km-z]{50,51})(?=[,)}/])");
    private static final Pattern HARDENED_STEP = Pattern.compile("\\d+[h']");
    private static final Pattern STEP = Pattern.compile("\\d+[h']?");

    private PublicTwin() {
    }

    /** The private-key tokens (WIF and xprv) in {@code d}. */
    static List<String> privateTokens(String d) {
        List<String> out = new ArrayList<>();
        Matcher x = XPRV.matcher(d);
        while (x.find()) {
            out.add(x.group(1));
        }
        Matcher w = WIF.matcher(d);
        while (w.find()) {
            out.add(w.group(1));
        }
        return out;
    }

    static boolean hasPrivateKeys(String d) {
        return !privateTokens(d).isEmpty();
    }

    /** The public twin, or null when none exists (a hardened wildcard or hardened multipath step after an xprv). */
    static String of(String d) {
        StringBuilder sb = new StringBuilder();
        Matcher x = XPRV.matcher(d);
        while (x.find()) {
            String twin = xpubTwin(x.group(1), x.group(2));
            if (twin == null) {
                return null;
            }
            x.appendReplacement(sb, Matcher.quoteReplacement(twin));
        }
        x.appendTail(sb);
        String s = sb.toString();
        sb = new StringBuilder();
        Matcher w = WIF.matcher(s);
        while (w.find()) {
            byte[] pub = DumpedPrivateKey.fromBase58(BitcoinNetwork.MAINNET, w.group(1)).getKey().getPubKey();
            w.appendReplacement(sb, HexFormat.of().formatHex(pub));
        }
        w.appendTail(sb);
        return sb.toString();
    }

    private static String xpubTwin(String xprv, String path) {
        String[] steps = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
        int lastHardened = -1;
        for (int i = 0; i < steps.length; i++) {
            String st = steps[i];
            if (st.equals("*h") || st.equals("*'") || (st.startsWith("<") && (st.contains("h") || st.contains("'")))) {
                return null;
            }
            if (HARDENED_STEP.matcher(st).matches()) {
                lastHardened = i;
            }
        }
        boolean derivable = true;
        for (int i = 0; i <= lastHardened; i++) {
            derivable &= STEP.matcher(steps[i]).matches();
        }
        DeterministicKey k = DeterministicKey.deserializeB58(xprv, BitcoinNetwork.MAINNET);
        int from = 0;
        if (derivable) {
            for (; from <= lastHardened; from++) {
                String st = steps[from];
                boolean hardened = st.endsWith("h") || st.endsWith("'");
                int n = Integer.parseInt(hardened ? st.substring(0, st.length() - 1) : st);
                k = HDKeyDerivation.deriveChildKey(k, new ChildNumber(n, hardened));
            }
        }
        StringBuilder out = new StringBuilder(k.serializePubB58(BitcoinNetwork.MAINNET));
        for (int i = from; i < steps.length; i++) {
            out.append('/').append(steps[i]);
        }
        return out.toString();
    }
}
