package io.assay.chain.solana;

import com.fasterxml.jackson.databind.ObjectReader;
import io.assay.config.Addresses;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.FamilyProfileRules;
import io.assay.config.ProfileDoc;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Asset-profile entries on Solana chains: a reserve is an SPL token account (its decimals given); the token is a
 * mint and holders are owner accounts, all base58 public keys. Found by {@link io.assay.config.ProfileLoader} through
 * {@code META-INF/services}.
 */
@RegisterForReflection
public final class SolanaProfileRules extends FamilyProfileRules {
    private static final ObjectReader RESERVE = ProfileDoc.mapper().readerFor(Reserve.class);

    /** {@code reserves[i]} on a Solana chain ({@code gapLimit} is accepted, checked by the loader, and unused). */
    @RegisterForReflection
    record Reserve(String id, String chain, String account, Long decimals, Long gapLimit) {
    }

    public SolanaProfileRules() {
        super(ChainFamily.SOLANA);
    }

    @Override
    public ReserveSource reserve(ProfileDoc.At r, String id, ChainProfile c) {
        Reserve p = r.bind(RESERVE);
        String account = r.canonical("account", p.account(), Addresses::solana);
        int decimals = r.decimals("decimals", p.decimals());
        return new ReserveSource(id, c.name(), SourceKind.TOKEN_ACCOUNT, account, null, decimals, 0);
    }

    @Override
    public String supplyToken(ProfileDoc.At s, String token, ChainProfile c) {
        return s.canonical("token", token, Addresses::solana);
    }

    @Override
    public String excludedHolder(ProfileDoc.At e, String holder, ChainProfile c) {
        return e.canonical("holder", holder, Addresses::solana);
    }
}
