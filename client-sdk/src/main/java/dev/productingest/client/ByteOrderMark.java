package dev.productingest.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The byte-order mark a file may start with, which names its encoding and is not part of its text. */
enum ByteOrderMark {
    NONE(0, null),
    UTF_8(3, StandardCharsets.UTF_8),
    UTF_16BE(2, StandardCharsets.UTF_16BE),
    UTF_16LE(2, StandardCharsets.UTF_16LE);

    private final int length;
    private final Charset charset;

    ByteOrderMark(int length, Charset charset) {
        this.length = length;
        this.charset = charset;
    }

    static ByteOrderMark of(byte[] start) {
        if (start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF) {
            return UTF_8;
        }
        if (start.length >= 2 && (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF) {
            return UTF_16BE;
        }
        if (start.length >= 2 && (start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xFE) {
            return UTF_16LE;
        }
        return NONE;
    }

    int length() {
        return length;
    }

    boolean isPresent() {
        return this != NONE;
    }

    /** The encoding the mark names, or without a mark the one the caller was told. */
    Charset charsetOr(Charset told) {
        return charset == null ? told : charset;
    }
}
