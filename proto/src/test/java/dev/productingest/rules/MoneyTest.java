package dev.productingest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Currency;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MoneyTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency BHD = Currency.getInstance("BHD");

    @Test
    void decimalsBecomeMinorUnitsByTheCurrencysDigits() {
        assertEquals(1234, Money.toMinorUnits("12.34", EUR));
        assertEquals(1200, Money.toMinorUnits("12", EUR));
        assertEquals(1230, Money.toMinorUnits("12.3", EUR));
        assertEquals(1500, Money.toMinorUnits("1500", JPY));
        assertEquals(12345, Money.toMinorUnits("12.345", BHD));
        assertEquals(0, Money.toMinorUnits("0.00", EUR));
    }

    @Test
    void trailingZerosBeyondTheCurrencysDigitsAreNotRounding() {
        assertEquals(1230, Money.toMinorUnits("12.3000", EUR));
        assertEquals(7, Money.toMinorUnits("7.0", JPY));
    }

    @Test
    void moreFractionDigitsThanTheCurrencyHasAreRefusedNotRounded() {
        var e = assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("12.345", EUR));
        assertTrue(e.getMessage().contains("more than 2 fraction digits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("1.5", JPY));
    }

    @Test
    void negativeAndNonNumericAndHugeAmountsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("-1", EUR)).getMessage().contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("12,34", EUR)).getMessage().contains("not a decimal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("1e30", EUR)).getMessage().contains("too large"));
    }

    @Test
    void anAmountWithAHugeExponentIsRefusedAtOnce() {
        // Found by RowRulesFuzzTest: converted exactly, this took minutes of CPU.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("9.99999999E99999998", EUR))
                .getMessage().contains("too large"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("99e999999999", EUR))
                .getMessage().contains("'99e999999999'"));
        assertEquals(0, Money.toMinorUnits("0E+999999999", EUR));
    }

    @Test
    void thePlainFormIsReadAsTheExactConversionReadsIt() {
        Random random = new Random(17);
        String alphabet = "0123456789.0123456789.+-eE ,0";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(i % 10 == 0 ? 24 : 8);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (Currency currency : new Currency[] {EUR, JPY, BHD, Currency.getInstance("CLF")}) {
                int digits = Money.fractionDigits(currency);
                long plain = Money.plainMinorUnits(text.toString(), digits);
                if (plain >= 0) {
                    assertEquals(Money.exactMinorUnits(text.toString(), digits, currency), plain, text + " " + currency);
                }
            }
        }
        assertEquals(-1, Money.plainMinorUnits("12.345", 2), "refused by the exact path, which says why");
        assertEquals(99_999_999_999_999_9999L, Money.plainMinorUnits("99999999999999.9999", 4));
        assertEquals(-1, Money.plainMinorUnits("999999999999999", 4), "beyond 14 integer digits: the exact path");
    }

    @Test
    void minorUnitsReadBackAsTheSameDecimal() {
        assertEquals("12.34", Money.toDecimal(1234, EUR));
        assertEquals("1500", Money.toDecimal(1500, JPY));
        assertEquals("0.05", Money.toDecimal(5, EUR));
    }

    @Test
    void unknownAndPseudoCurrenciesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("XYZ")).getMessage().contains("not a known"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("usd")).getMessage().contains("upper-case"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("XAU")).getMessage().contains("no minor unit"));
        assertEquals(EUR, Money.currency("EUR"));
    }
}
