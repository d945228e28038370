package io.assay.chain.evm;

import com.fasterxml.jackson.databind.ObjectReader;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.FamilyProfileRules;
import io.assay.config.ProfileDoc;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Asset-profile entries on EVM chains: a reserve is a holder's balance of an ERC-20 token, or of the native coin when
 * no token is given (18 decimals unless told); token and holder addresses are EIP-55 checksummed. Found by
 * {@link io.assay.config.ProfileLoader} through {@code META-INF/services}.
 */
@RegisterForReflection
public final class EvmProfileRules extends FamilyProfileRules {
    private static final ObjectReader RESERVE = ProfileDoc.mapper().readerFor(Reserve.class);

    /** {@code reserves[i]} on an EVM chain ({@code gapLimit} is accepted, checked by the loader, and unused). */
    @RegisterForReflection
    record Reserve(String id, String chain, String holder, String token, Long decimals, Long gapLimit) {
    }

    public EvmProfileRules() {
        super(ChainFamily.EVM);
    }

    @Override
    public ReserveSource reserve(ProfileDoc.At r, String id, ChainProfile c) {
        Reserve p = r.bind(RESERVE);
        String holder = r.evm("holder", p.holder());
        String token = p.token() == null ? null : r.evm("token", p.token());
        int decimals = token == null ? r.decimals("decimals", p.decimals(), 18) : r.decimals("decimals", p.decimals());
        return new ReserveSource(id, c.name(), SourceKind.HOLDER, holder, token, decimals, 0);
    }

    @Override
    public String supplyToken(ProfileDoc.At s, String token, ChainProfile c) {
        return s.evm("token", token);
    }

    @Override
    public String excludedHolder(ProfileDoc.At e, String holder, ChainProfile c) {
        return e.evm("holder", holder);
    }
}
