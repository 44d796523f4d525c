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
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("-1", EUR))
                .getMessage()
                .contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("12,34", EUR))
                .getMessage()
                .contains("not a decimal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("1e30", EUR))
                .getMessage()
                .contains("too large"));
    }

    @Test
    void anAmountWithAHugeExponentIsRefusedAtOnce() {
        // Found by RowRulesFuzzTest: converted exactly, this took minutes of CPU.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("9.99999999E99999998", EUR))
                .getMessage()
                .contains("too large"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("99e999999999", EUR))
                .getMessage()
                .contains("'99e999999999'"));
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
                    assertEquals(
                            Money.exactMinorUnits(text.toString(), digits, currency), plain, text + " " + currency);
                }
            }
        }
        assertEquals(-1, Money.plainMinorUnits("12.345", 2), "refused by the exact path, which says why");
        assertEquals(99_999_999_999_999_9999L, Money.plainMinorUnits("99999999999999.9999", 4));
        assertEquals(-1, Money.plainMinorUnits("999999999999999", 4), "beyond 14 integer digits: the exact path");
    }

    @Test
    void aDecimalCommaIsReadOnlyWhenAskedFor() {
        assertEquals(1234, Money.toMinorUnits("12,34", EUR, DecimalMark.COMMA));
        assertEquals(123450, Money.toMinorUnits("1.234,5", EUR, DecimalMark.COMMA));
        assertEquals(123456789, Money.toMinorUnits("1.234.567,89", EUR, DecimalMark.COMMA));
        assertEquals(123456700, Money.toMinorUnits("1.234.567", EUR, DecimalMark.COMMA));
        assertEquals(1500, Money.toMinorUnits(" 1500 ", JPY, DecimalMark.COMMA));
        assertEquals(12345, Money.toMinorUnits("12,345", BHD, DecimalMark.COMMA));
        assertEquals(1234, Money.toMinorUnits("12.34", EUR, DecimalMark.POINT));
        for (String ambiguousWithoutIt : new String[] {"12,34", "1.234,5", "1,234.5"}) {
            assertTrue(
                    assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits(ambiguousWithoutIt, EUR))
                            .getMessage()
                            .contains("'" + ambiguousWithoutIt + "' is not a decimal number"),
                    ambiguousWithoutIt);
        }
    }

    @Test
    void withADecimalCommaWhatCouldBeReadTwoWaysIsStillRefused() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("1.234", EUR, DecimalMark.COMMA))
                        .getMessage()
                        .contains("'1.234' is ambiguous: 1234 with a thousands point, or 1,234 with a decimal point"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("12.5", EUR, DecimalMark.COMMA))
                        .getMessage()
                        .contains("'12.5' has a decimal point, but amounts are read with a decimal comma (12,5)"));
        for (String refused :
                new String[] {"1,234.5", "12.34,5", "1.23,4", "1,2,3", "1..234", ".234,5", "1234.567,8"}) {
            assertTrue(
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> Money.toMinorUnits(refused, EUR, DecimalMark.COMMA))
                            .getMessage()
                            .contains("'" + refused + "' is not a decimal number"),
                    refused);
        }
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("12,345", EUR, DecimalMark.COMMA))
                        .getMessage()
                        .contains("'12,345' has more than 2 fraction digits"),
                "never rounded, and named as written");
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Money.toMinorUnits("-1,5", EUR, DecimalMark.COMMA))
                        .getMessage()
                        .contains("'-1,5' is negative"));
    }

    @Test
    void minorUnitsReadBackAsTheSameDecimal() {
        assertEquals("12.34", Money.toDecimal(1234, EUR));
        assertEquals("1500", Money.toDecimal(1500, JPY));
        assertEquals("0.05", Money.toDecimal(5, EUR));
    }

    @Test
    void unknownAndPseudoCurrenciesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("XYZ"))
                .getMessage()
                .contains("not a known"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("usd"))
                .getMessage()
                .contains("upper-case"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Money.currency("XAU"))
                .getMessage()
                .contains("no minor unit"));
        assertEquals(EUR, Money.currency("EUR"));
    }
}
