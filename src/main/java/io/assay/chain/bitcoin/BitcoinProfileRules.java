package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.ObjectReader;
import io.assay.config.Addresses;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.FamilyProfileRules;
import io.assay.config.ProfileDoc;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.bitcoinj.base.BitcoinNetwork;

import java.util.List;
import java.util.stream.Stream;

/**
 * Asset-profile entries on Bitcoin chains: a reserve is exactly one of an address, a raw script (hex) or an output
 * descriptor, checked against the chain's network; ranged descriptors need a gap limit. Bitcoin chains carry no
 * token supply. Found by {@link io.assay.config.ProfileLoader} through {@code META-INF/services}.
 */
@RegisterForReflection
public final class BitcoinProfileRules extends FamilyProfileRules {
    private static final ObjectReader RESERVE = ProfileDoc.mapper().readerFor(Reserve.class);

    /** {@code reserves[i]} on a Bitcoin chain. */
    @RegisterForReflection
    record Reserve(String id, String chain, String address, String script, String descriptor, Long decimals,
                   Long gapLimit) {
    }

    public BitcoinProfileRules() {
        super(ChainFamily.BITCOIN);
    }

    @Override
    public ReserveSource reserve(ProfileDoc.At r, String id, ChainProfile c) {
        Reserve p = r.bind(RESERVE);
        int gap = (int) r.nonNegative("gapLimit", p.gapLimit(), 20);   // checked by the loader too: not negative
        BitcoinNetwork net = Addresses.bitcoinNetwork(c.network());
        List<String> given = Stream.of("address", "script", "descriptor").filter(r::has).toList();
        if (given.size() != 1) {
            throw r.error("a Bitcoin reserve source needs exactly one of address, script or descriptor"
                    + (given.isEmpty() ? "" : ", found " + given));
        }
        SourceKind kind;
        String canonical;
        boolean ranged = false;
        switch (given.get(0)) {
            case "address" -> {
                kind = SourceKind.ADDRESS;
                canonical = r.canonical("address", p.address(), v -> Addresses.bitcoin(v, net));
            }
            case "script" -> {
                kind = SourceKind.SCRIPT;
                canonical = r.canonical("script", p.script(), Addresses::script);
            }
            default -> {
                kind = SourceKind.DESCRIPTOR;
                canonical = r.text("descriptor", p.descriptor());
                try {
                    ranged = Addresses.descriptor(canonical, net).isRange();
                } catch (IllegalArgumentException e) {
                    throw r.error("descriptor", e.getMessage());
                }
            }
        }
        int decimals = r.decimals("decimals", p.decimals(), 8);
        if (gap == 0 && ranged) {
            throw r.error("gapLimit", "must be > 0 for a ranged descriptor (one with /*)");
        }
        return new ReserveSource(id, c.name(), kind, canonical, null, decimals, gap);
    }

    @Override
    public String supplyToken(ProfileDoc.At s, String token, ChainProfile c) {
        throw s.error("chain", "'" + c.name() + "' is a Bitcoin chain; supply lives on token chains (evm, solana)");
    }

    @Override
    public String excludedHolder(ProfileDoc.At e, String holder, ChainProfile c) {
        throw e.error("chain", "Bitcoin chains carry no token supply");
    }
}
