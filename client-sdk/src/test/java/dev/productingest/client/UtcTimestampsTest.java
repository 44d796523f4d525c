package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

    @Test
    void everyTimeOfThePlainFormReadsAsInstantParseReadsIt() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String text = t.toString(); // 0, 3, 6 or 9 fraction digits
            assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(proto(t));
        }
        assertThat(UtcTimestamps.parse("2024-02-29T23:59:59.5Z"))
                .isEqualTo(proto(Instant.parse("2024-02-29T23:59:59.5Z")));
        assertThat(UtcTimestamps.parse("2000-02-29T00:00:00.12Z"))
                .isEqualTo(proto(Instant.parse("2000-02-29T00:00:00.12Z")));
    }

    @Test
    void anythingElseIsLeftToJavaTime() {
        Random random = new Random(13);
        String alphabet = "0123456789-:TZ.z+";
        String base = "2024-05-01T12:00:00.123456Z";
        for (int i = 0; i < 200_000; i++) {
            char[] text = base.toCharArray();
            for (int k = random.nextInt(3); k >= 0; k--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String mutated = new String(text);
            Timestamp plain = UtcTimestamps.parse(mutated);
            if (plain != null) {
                assertThat(plain).as(mutated).isEqualTo(proto(Instant.parse(mutated)));
            }
        }
        for (String other : new String[] {
            "2023-02-29T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:60Z",
            "2024-05-01T12:00:00z",
            "2024-05-01T12:00:00+02:00",
            "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00.1234567890Z",
            "2024-13-01T12:00:00Z"
        }) {
            assertThat(UtcTimestamps.parse(other)).as(other).isNull();
        }
    }

    private static Timestamp proto(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }
}
