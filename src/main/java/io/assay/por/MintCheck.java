package io.assay.por;

import io.assay.config.AssetProfile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The secure-mint check. It fails closed: stale data, inconsistent data, or any failure while computing
 * denies the mint with the reason; only a fresh, consistent snapshot whose reserves cover
 * {@code (circulating + amount) x minRatio} allows it.
 */
public final class MintCheck {
    private final PorEngine engine;

    public MintCheck(PorEngine engine) {
        this.engine = engine;
    }

    /**
     * @param amount raw units in the asset's decimals; must be positive
     * @throws IllegalArgumentException for a non-positive amount
     * @throws UnknownAssetException    for an unknown asset
     */
    public MintDecision check(String assetId, BigInteger amount) {
        AssetProfile a = engine.asset(assetId);
        if (amount.signum() <= 0) {
            throw new InvalidQueryException("amount must be a positive integer in raw units (" + a.decimals()
                    + " decimals), found " + amount);
        }
        Amount requested = new Amount(amount, a.decimals());
        Snapshot s;
        try {
            s = engine.latest(assetId);
        } catch (RuntimeException e) {
            return new MintDecision(false, a.id(), requested, null, null,
                    List.of("denied: proof of reserve could not be computed (" + e.getMessage() + ")"), null);
        }
        List<String> reasons = new ArrayList<>();
        if (s.status() == Snapshot.Status.REFUSED) {
            s.reasons().forEach(r -> reasons.add("inconsistent data: " + r));
        }
        for (ChainFreshness c : s.staleChains()) {
            reasons.add(c.reason());
        }
        Amount req = requested.rescale(s.scale());
        Amount required = null;
        Amount headroom = null;
        if (s.status() != Snapshot.Status.REFUSED) {
            BigInteger after = s.circulating().raw().add(req.raw());
            BigDecimal minRatio = a.policy().minRatio();
            // round up: never allow a mint that needs a fraction of a unit more than the reserves hold
            BigInteger needRaw = minRatio.compareTo(BigDecimal.ONE) == 0 ? after
                    : new BigDecimal(after).multiply(minRatio).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
            required = new Amount(needRaw, s.scale());
            headroom = s.reservesTotal().subtract(required);
            if (headroom.signum() < 0) {
                reasons.add("insufficient reserves: reserves " + s.reservesTotal().decimal() + " < required "
                        + required.decimal() + " (circulating " + s.circulating().decimal() + " + requested "
                        + req.decimal() + ", x minRatio " + a.policy().minRatio().toPlainString() + "); shortfall "
                        + headroom.raw().negate() + " raw units");
            }
        }
        return new MintDecision(reasons.isEmpty(), a.id(), requested, required, headroom, List.copyOf(reasons), s);
    }
}
