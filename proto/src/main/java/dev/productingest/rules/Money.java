package dev.productingest.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Prices as decimals in major units ("12.34", or "12,34" with {@link DecimalMark#COMMA}) and as longs in the currency's
 * minor units (1234).
 */
public final class Money {
    // Up to 14 integer digits: with at most 4 fraction digits (CLF) the result stays below 10^18.
    private static final int PLAIN_INTEGER_DIGITS = 14;

    private Money() {}

    /**
     * Converts a decimal amount in major units to minor units, exactly.
     *
     * @throws IllegalArgumentException naming what is wrong: not a number, negative, more fraction digits than the
     *     currency has (never rounded), or too large
     */
    public static long toMinorUnits(String decimal, Currency currency) {
        int digits = fractionDigits(currency);
        long plain = plainMinorUnits(decimal, digits);
        return plain >= 0 ? plain : exactMinorUnits(decimal, decimal, digits, currency);
    }

    /**
     * Converts a decimal amount in major units, written with this decimal mark, to minor units, exactly.
     *
     * @throws IllegalArgumentException naming the text as written and what is wrong with it: as
     *     {@link #toMinorUnits(String, Currency)}, and for {@link DecimalMark#COMMA} an amount whose points do not
     *     group thousands, or that could be read two ways ({@code 1.234})
     */
    public static long toMinorUnits(String decimal, Currency currency, DecimalMark mark) {
        if (mark == DecimalMark.POINT) {
            return toMinorUnits(decimal, currency);
        }
        String pointForm = DecimalComma.toPointForm(decimal);
        int digits = fractionDigits(currency);
        long plain = plainMinorUnits(pointForm, digits);
        return plain >= 0 ? plain : exactMinorUnits(decimal, pointForm, digits, currency);
    }

    /**
     * The common form of a price, digits with an optional point and fraction ("12.34", "1500", "7.0"), read without a
     * BigDecimal: a producer reads one per row. -1 for any other form, and for one that must be refused, which
     * {@link #exactMinorUnits} reads and explains.
     */
    static long plainMinorUnits(String decimal, int digits) {
        int n = decimal.length();
        long units = 0;
        int i = 0;
        while (i < n && isDigit(decimal.charAt(i))) {
            if (i == PLAIN_INTEGER_DIGITS) {
                return -1;
            }
            units = units * 10 + (decimal.charAt(i) - '0');
            i++;
        }
        if (i == 0) {
            return -1;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < n) {
            if (decimal.charAt(i) != '.' || i == n - 1) {
                return -1;
            }
            for (i++; i < n; i++) {
                char c = decimal.charAt(i);
                if (!isDigit(c)) {
                    return -1;
                }
                if (fractionDigits < digits) {
                    fraction = fraction * 10 + (c - '0');
                    fractionDigits++;
                } else if (c != '0') {
                    return -1; // more fraction digits than the currency has: refused, with the reason, by the exact
                    // path
                }
            }
        }
        for (; fractionDigits < digits; fractionDigits++) {
            fraction *= 10;
        }
        for (int d = 0; d < digits; d++) {
            units *= 10;
        }
        return units + fraction;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Any decimal BigDecimal reads, converted exactly or refused saying why. */
    static long exactMinorUnits(String decimal, int digits, Currency currency) {
        return exactMinorUnits(decimal, decimal, digits, currency);
    }

    /** As above, for {@code decimal} in point form, refusals naming the text as it was {@code written}. */
    private static long exactMinorUnits(String written, String decimal, int digits, Currency currency) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(decimal.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + written + "' is not a decimal number");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("'" + written + "' is negative");
        }
        // Digits before the point, read off the representation: converting "9E99999999" exactly
        // would build a hundred-million-digit number first (found by fuzzing: minutes of CPU).
        if (amount.signum() != 0 && amount.precision() - amount.scale() > 19) {
            throw new IllegalArgumentException("'" + written + "' is too large");
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException("'" + written + "' has more than " + digits
                    + " fraction digits, the most " + currency.getCurrencyCode() + " has");
        }
        try {
            return amount.movePointRight(digits)
                    .setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + written + "' is too large");
        }
    }

    /** The decimal in major units for an amount in minor units: 1234 USD is "12.34". */
    public static String toDecimal(long minorUnits, Currency currency) {
        return BigDecimal.valueOf(minorUnits, fractionDigits(currency)).toPlainString();
    }

    /**
     * The currency's minor-unit digits.
     *
     * @throws IllegalArgumentException for pseudo-currencies (gold, testing codes) that have none
     */
    public static int fractionDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit");
        }
        return digits;
    }

    /**
     * The currency for an ISO 4217 code.
     *
     * @throws IllegalArgumentException when {@code java.util.Currency} does not know the code, or the currency has no
     *     minor unit
     */
    public static Currency currency(String code) {
        if (!isThreeUpperCaseLetters(code)) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 code (three upper-case letters)");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + code + "' is not a known ISO 4217 currency");
        }
        fractionDigits(currency);
        return currency;
    }

    private static boolean isThreeUpperCaseLetters(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }
}
