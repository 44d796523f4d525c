package dev.productingest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.BadRequestException;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every parameter of the read API over generated text: accepted within its bounds, or a bad
 * request naming the parameter (a 400), never another exception (a 500). Fixed seed.
 */
class RequestParametersProperties {
    private static final RequestParameters PARAMETERS = new RequestParameters(100, 1000);

    @Property(seed = "20261123")
    void everyParameterIsAcceptedWithinItsBoundsOrABadRequest(@ForAll("text") String text) {
        expect("limit", text, PARAMETERS::limit, n -> n >= 1 && n <= 1000);
        expect("after", text, PARAMETERS::afterSku, sku -> sku.isEmpty() || (sku.indexOf('\0') < 0 && sku.codePointCount(0, sku.length()) <= 64));
        expect("after", text, PARAMETERS::afterJobId, id -> id.length() <= 128 && id.chars().noneMatch(Character::isISOControl));
        expect("after", text, PARAMETERS::afterOffset, offset -> offset >= -1);
        expect("category", text, PARAMETERS::category, category -> category.indexOf('\0') < 0 && category.length() <= 256);
        expect("active", text, PARAMETERS::active, active -> true);
    }

    private static <T> void expect(String name, String text, Function<String, T> parameter, java.util.function.Predicate<T> bound) {
        try {
            T value = parameter.apply(text);
            assertThat(value == null || bound.test(value)).as("%s of '%s' is %s", name, text, value).isTrue();
        } catch (BadRequestException refused) {
            assertThat(refused.getMessage()).startsWith(name);
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("0123456789-+ e\0").ofMaxLength(25),
                Arbitraries.strings().alpha().numeric().withChars("._:-").ofMinLength(1).ofMaxLength(140));
    }
}
