package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteEscapingReaderTest {
    private static String readAll(ByteEscapingReader reader, int bufferChars) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[bufferChars];
        for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    private static List<Long> claimAll(ByteEscapingReader reader) {
        List<Long> offsets = new ArrayList<>();
        while (reader.hasUnclaimedMarks()) {
            offsets.add(reader.claimMark());
        }
        return offsets;
    }

    @Test
    void eachByteTheEncodingLacksBecomesAMarkOfThatByteWithItsOffset() throws IOException {
        byte[] bytes = {
            'C', 'a', 'f', (byte) 0xE9, ' ', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, ' ', (byte) 0x80
        };
        ByteEscapingReader reader = new ByteEscapingReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, 3);

        String text = readAll(reader, 8192);

        assertThat(text).isEqualTo("Caf\uDCE9 \uD83D\uDE00 \uDC80");
        assertThat(ByteEscapingReader.isMark(text, 3)).isTrue();
        assertThat(ByteEscapingReader.isMark(text, 6))
                .as("the second half of a surrogate pair is text")
                .isFalse();
        assertThat(ByteEscapingReader.markedByte(text.charAt(8))).isEqualTo(0x80);
        assertThat(claimAll(reader)).containsExactly(3L + 3, 3L + 10);
    }

    @Test
    void aMalformedUtf16UnitIsMarkedWholeAndTheTextAfterItStaysInStep() throws IOException {
        byte[] bytes = {'A', 0, 0x00, (byte) 0xDC, 'B', 0, 0x00, (byte) 0xD8};
        ByteEscapingReader reader =
                new ByteEscapingReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_16LE, 0);

        assertThat(readAll(reader, 8192)).isEqualTo("A\uDC00\uDCDCB\uDC00\uDCD8");
        assertThat(claimAll(reader)).containsExactly(2L, 3L, 6L, 7L);
    }

    @Test
    void theTextIsTheSameWhateverTheCallersBufferSize() throws IOException {
        Random random = new Random(31);
        for (Charset charset : List.of(
                StandardCharsets.UTF_8,
                StandardCharsets.UTF_16BE,
                Charset.forName("windows-1252"),
                Charset.forName("Shift_JIS"))) {
            byte[] bytes = new byte[200_000];
            random.nextBytes(bytes);
            ByteEscapingReader whole = new ByteEscapingReader(new ByteArrayInputStream(bytes), charset, 0);
            String text = readAll(whole, 8192);
            List<Long> marks = claimAll(whole);
            for (int bufferChars : new int[] {1, 3, 17}) {
                ByteEscapingReader small = new ByteEscapingReader(new ByteArrayInputStream(bytes), charset, 0);

                assertThat(readAll(small, bufferChars))
                        .as(charset.name() + " by " + bufferChars)
                        .isEqualTo(text);
                assertThat(claimAll(small)).isEqualTo(marks);
            }
        }
    }
}
