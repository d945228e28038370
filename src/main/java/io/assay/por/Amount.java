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
        return decimal(raw.toString(), decimals);
    }

    /**
     * {@code digits / 10^decimals} as a plain decimal string, exactly as {@code new BigDecimal(raw, decimals)
     * .toPlainString()} writes it, from {@code raw}'s decimal digits (with its sign): the decimal point is placed in
     * the digits, no division. The API writes every amount this way, raw and decimal, on its hot paths.
     *
     * @param digits {@code raw.toString()}
     */
    public static String decimal(String digits, int decimals) {
        if (decimals <= 0) {
            return new BigDecimal(new BigInteger(digits), decimals).toPlainString();
        }
        int sign = digits.charAt(0) == '-' ? 1 : 0;
        int n = digits.length() - sign;
        int zeros = Math.max(0, decimals - n + 1); // leading zeros so that one digit stands before the point
        StringBuilder b = new StringBuilder(digits.length() + zeros + 1);
        b.append(digits, 0, sign);
        for (int i = 0; i < zeros; i++) {
            b.append('0');
        }
        int point = digits.length() - decimals;
        if (zeros > 0) {
            b.append(digits, sign, digits.length()).insert(sign + 1, '.');
        } else {
            b.append(digits, sign, point).append('.').append(digits, point, digits.length());
        }
        return b.toString();
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
