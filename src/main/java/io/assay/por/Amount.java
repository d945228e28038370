package io.assay.por;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact amount: an integer in raw units and the number of decimals of those units. The decimal form is
 * produced only here, at the edge, exactly ({@code raw / 10^decimals}, no rounding).
 */
public record Amount(BigInteger raw, int decimals) {
    public static Amount zero(int decimals) {
        return new Amount(BigInteger.ZERO, decimals);
    }

    /** {@code raw / 10^decimals} as a plain decimal string, e.g. {@code 12.50000000}. */
    public String decimal() {
        return new BigDecimal(raw, decimals).toPlainString();
    }

    /** The same amount in units with {@code target >= decimals} decimals (exact). */
    public Amount rescale(int target) {
        if (target < decimals) {
            throw new IllegalArgumentException("rescaling " + decimals + " to " + target + " decimals would lose precision");
        }
        if (target == decimals) {
            return this;
        }
        return new Amount(raw.multiply(BigInteger.TEN.pow(target - decimals)), target);
    }

    public Amount add(Amount o) {
        requireSameScale(o);
        return new Amount(raw.add(o.raw), decimals);
    }

    public Amount subtract(Amount o) {
        requireSameScale(o);
        return new Amount(raw.subtract(o.raw), decimals);
    }

    public int signum() {
        return raw.signum();
    }

    private void requireSameScale(Amount o) {
        if (o.decimals != decimals) {
            throw new IllegalArgumentException("amounts with " + decimals + " and " + o.decimals + " decimals");
        }
    }
}
