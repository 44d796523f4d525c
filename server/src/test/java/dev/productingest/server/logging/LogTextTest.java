package dev.productingest.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksAndTabsBecomeVisibleEscapes() {
        assertThat(LogText.of("feed\r\nINFO  [2026-01-01] forged\tline"))
                .isEqualTo("feed\\r\\nINFO  [2026-01-01] forged\\tline");
    }

    @Test
    void everyOtherControlCharacterAndTheUnicodeLineSeparatorsBecomeCodePoints() {
        assertThat(LogText.of("a\u0000b\u001bc\u007fd\u0085e\u009bf\u2028g\u2029h"))
                .isEqualTo("a\\u0000b\\u001bc\\u007fd\\u0085e\\u009bf\\u2028g\\u2029h");
    }

    @Test
    void noEscapedValueHoldsACharacterThatEndsALine() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        String escaped = LogText.of(every.toString(), Integer.MAX_VALUE);

        assertThat(escaped.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029))
                .isEmpty();
    }

    @Test
    void plainTextIsKeptAsItIs() {
        String text = "catalog-2024-05-01.csv from café \\\\share\\exports ✓";
        assertThat(LogText.of(text)).isSameAs(text);
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
        String cut = LogText.of("x".repeat(10_000));

        assertThat(cut)
                .startsWith("x".repeat(LogText.MAX))
                .endsWith("…(" + (10_000 - LogText.MAX) + " more characters)");
        assertThat(cut.length()).isLessThan(LogText.MAX + 30);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String cut = LogText.of("a" + "😀".repeat(10), 4);

        assertThat(cut).startsWith("a😀…(");
    }

    @Test
    void nullStaysNull() {
        assertThat(LogText.of(null)).isNull();
    }
}
