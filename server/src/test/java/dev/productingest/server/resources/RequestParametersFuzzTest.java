package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.ws.rs.BadRequestException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every parameter of the read API over fuzzed text: accepted within its bounds, or a bad request naming the parameter
 * (a 400), never another exception (a 500). {@code mvn -B verify} replays the committed corpus (src/test/resources).
 */
class RequestParametersFuzzTest {
    private static final RequestParameters PARAMETERS = new RequestParameters(100, 1000);

    @FuzzTest(maxDuration = "60s")
    void everyParameterIsAcceptedWithinItsBoundsOrABadRequest(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        expect("limit", text, PARAMETERS::limit, n -> n >= 1 && n <= 1000);
        expect(
                "after",
                text,
                PARAMETERS::afterSku,
                sku -> sku.isEmpty() || (sku.indexOf('\0') < 0 && sku.codePointCount(0, sku.length()) <= 64));
        expect(
                "after",
                text,
                PARAMETERS::afterJobId,
                id -> id.length() <= 128 && id.chars().noneMatch(Character::isISOControl));
        expect("after", text, PARAMETERS::afterOffset, offset -> offset >= -1);
        expect(
                "category",
                text,
                PARAMETERS::category,
                category -> category.indexOf('\0') < 0 && category.length() <= 256);
        expect("active", text, PARAMETERS::active, active -> true);
        expect(
                "sku",
                text,
                sku -> PARAMETERS.lookupSkus(List.of(sku), null, null, null, null),
                skus -> skus.equals(List.of(text)));
    }

    private static <T> void expect(String name, String text, Function<String, T> parameter, Predicate<T> bound) {
        try {
            T value = parameter.apply(text);
            assertThat(value == null || bound.test(value))
                    .as("%s of '%s' is %s", name, text, value)
                    .isTrue();
        } catch (BadRequestException refused) {
            assertThat(refused.getMessage()).startsWith(name);
        }
    }
}
