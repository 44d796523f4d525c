package dev.productingest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.util.Currency;

/**
 * The row rules and money parsing over fuzzed input: whatever a producer sends, the answer is a value or a violation
 * naming the field, never an exception, and nothing PostgreSQL cannot store passes. {@code mvn -B verify} replays the
 * committed corpus (src/test/resources); README says how to fuzz for longer.
 */
class RowRulesFuzzTest {
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "BHD", "KWD", "CLF", "GBP", "CHF"};

    @FuzzTest(maxDuration = "60s")
    void anyDecimalTextIsAnAmountOrAClearRefusal(FuzzedDataProvider data) {
        Currency currency = Money.currency(data.pickValue(CURRENCIES));
        String text = data.consumeRemainingAsString();
        try {
            long minor = Money.toMinorUnits(text, currency);
            assertTrue(minor >= 0, "a price is never negative");
            assertEquals(
                    minor,
                    Money.toMinorUnits(Money.toDecimal(minor, currency), currency),
                    "an amount survives its decimal form");
        } catch (IllegalArgumentException refused) {
            assertTrue(
                    refused.getMessage().contains("'" + text + "'"),
                    "the refusal names the text: " + refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyDecimalCommaTextIsAnAmountOrAClearRefusal(FuzzedDataProvider data) {
        Currency currency = Money.currency(data.pickValue(CURRENCIES));
        String text = data.consumeRemainingAsString();
        try {
            long minor = Money.toMinorUnits(text, currency, DecimalMark.COMMA);
            assertTrue(minor >= 0, "a price is never negative");
            String written = Money.toDecimal(minor, currency).replace('.', ',');
            assertEquals(
                    minor,
                    Money.toMinorUnits(written, currency, DecimalMark.COMMA),
                    "an amount survives its decimal-comma form");
            if (text.indexOf(',') < 0 && text.indexOf('.') < 0) {
                assertEquals(minor, Money.toMinorUnits(text, currency), "without a mark, both read the same amount");
            }
        } catch (IllegalArgumentException refused) {
            assertTrue(
                    refused.getMessage().contains("'" + text + "'"),
                    "the refusal names the text: " + refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyRowIsValidOrRejectedForANamedField(FuzzedDataProvider data) {
        ProductRow.Builder row = ProductRow.newBuilder()
                .setSku(data.consumeString(80))
                .setName(data.consumeString(80))
                .setDescription(data.consumeString(200))
                .setCategory(data.consumeString(80))
                .setPriceMinor(data.consumeLong())
                .setCurrency(data.consumeBoolean() ? data.pickValue(CURRENCIES) : data.consumeString(5))
                .setStock(data.consumeInt())
                .setActive(data.consumeBoolean());
        if (data.consumeBoolean()) {
            row.setUpdatedAt(
                    Timestamp.newBuilder().setSeconds(data.consumeLong()).setNanos(data.consumeInt()));
        }
        int attributes = data.consumeInt(0, 3);
        for (int i = 0; i < attributes; i++) {
            row.putAttributes(data.consumeString(20), data.consumeString(40));
        }
        ProductRow built = row.build();
        RowValidator.validate(built)
                .ifPresentOrElse(
                        violation -> assertTrue(!violation.field().isEmpty()
                                && !violation.reason().isEmpty()),
                        () -> assertStorable(built));
    }

    /**
     * What passes the rules must be storable: PostgreSQL text and jsonb refuse U+0000. And no replacement character is
     * stored, the mark of text decoded in the wrong encoding.
     */
    private static void assertStorable(ProductRow row) {
        for (String text : new String[] {row.getSku(), row.getName(), row.getDescription(), row.getCategory()}) {
            assertTrue(text.indexOf('\0') < 0, "a valid row holds no NUL");
            assertTrue(text.indexOf('\uFFFD') < 0, "a valid row holds no U+FFFD");
        }
        row.getAttributesMap().forEach((k, v) -> assertTrue(k.indexOf('\0') < 0 && v.indexOf('\0') < 0));
        row.getAttributesMap().forEach((k, v) -> assertTrue(k.indexOf('\uFFFD') < 0 && v.indexOf('\uFFFD') < 0));
        assertTrue(row.getPriceMinor() >= 0 && row.getStock() >= 0 && row.hasUpdatedAt());
    }
}
