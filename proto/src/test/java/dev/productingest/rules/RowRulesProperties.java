package dev.productingest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.util.Currency;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The row rules and money parsing over generated input: whatever a producer sends, the answer is a
 * value or a violation naming the field, never an exception, and nothing PostgreSQL cannot store
 * passes. A fixed seed keeps {@code mvn -B verify} repeatable; README says how to run longer.
 */
class RowRulesProperties {
    private static final String SEED = "20261123";

    @Property(seed = SEED)
    void anyDecimalTextIsAnAmountOrAClearRefusal(@ForAll("decimalText") String text, @ForAll("currencies") String code) {
        Currency currency = Money.currency(code);
        try {
            long minor = Money.toMinorUnits(text, currency);
            assertTrue(minor >= 0, "a price is never negative");
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().contains("'" + text + "'"), "the refusal names the text: " + refused.getMessage());
        }
    }

    @Property(seed = SEED)
    void anAmountSurvivesItsDecimalForm(@ForAll @LongRange(min = 0) long minor, @ForAll("currencies") String code) {
        Currency currency = Money.currency(code);
        assertEquals(minor, Money.toMinorUnits(Money.toDecimal(minor, currency), currency));
    }

    @Property(seed = SEED)
    void anyRowIsValidOrRejectedForANamedField(@ForAll("rows") ProductRow row) {
        RowValidator.validate(row).ifPresentOrElse(
                violation -> assertTrue(!violation.field().isEmpty() && !violation.reason().isEmpty()),
                () -> assertStorable(row));
    }

    /** What passes the rules must be storable: PostgreSQL text and jsonb refuse U+0000. */
    private static void assertStorable(ProductRow row) {
        for (String text : new String[] {row.getSku(), row.getName(), row.getDescription(), row.getCategory()}) {
            assertTrue(text.indexOf('\0') < 0, "a valid row holds no NUL");
        }
        row.getAttributesMap().forEach((k, v) -> assertTrue(k.indexOf('\0') < 0 && v.indexOf('\0') < 0));
        assertTrue(row.getPriceMinor() >= 0 && row.getStock() >= 0);
    }

    @Provide
    Arbitrary<String> decimalText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.-+eE ,_").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.bigDecimals().map(d -> d.toPlainString()));
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("EUR", "USD", "JPY", "BHD", "KWD", "CLF", "GBP", "CHF");
    }

    @Provide
    Arbitrary<ProductRow> rows() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withCharRange('\0', '\u007f').ofMaxLength(80),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(70));
        Arbitrary<Timestamp> times = Combinators.combine(
                Arbitraries.longs().between(-70_000_000_000L, 260_000_000_000L),
                Arbitraries.integers().between(-5, 1_000_000_005))
                .as((seconds, nanos) -> Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build());
        Arbitrary<Map<String, String>> attributes = Arbitraries.maps(text, text).ofMaxSize(3);
        return Combinators.combine(text, text, text, Arbitraries.longs(), Arbitraries.oneOf(currencies(), text),
                        Arbitraries.integers(), times, attributes)
                .as((sku, name, description, price, currency, stock, updatedAt, attrs) -> ProductRow.newBuilder()
                        .setSku(sku).setName(name).setDescription(description).setPriceMinor(price).setCurrency(currency)
                        .setStock(stock).setUpdatedAt(updatedAt).putAllAttributes(attrs).build());
    }
}
