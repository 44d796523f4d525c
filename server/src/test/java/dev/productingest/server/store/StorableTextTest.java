package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {
    @Test
    void nulCharactersAreReplaced() {
        assertThat(StorableText.of("pri\0ce", 64)).isEqualTo("pri\uFFFDce");
    }

    @Test
    void unpairedSurrogatesAreReplacedAndPairsKept() {
        assertThat(StorableText.of("a\uD800b\uDC00c", 64)).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(StorableText.of("emoji \uD83D\uDE00", 64)).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void longTextIsCutAndMarked() {
        assertThat(StorableText.of("abcdef", 3)).isEqualTo("abc…");
        assertThat(StorableText.of("abc", 3)).isEqualTo("abc");
    }

    @Test
    void aCutNeverEndsOnHalfASurrogatePair() {
        assertThat(StorableText.of("ab\uD83D\uDE00", 3)).isEqualTo("ab…");
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String clean = "price";
        assertThat(StorableText.of(clean, 64)).isSameAs(clean);
    }
}
