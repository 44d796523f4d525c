package dev.productingest.server.logging;

import java.util.Locale;

/**
 * Text a producer or a client chose (a job's id or source, a SKU, a reason, a header field), made safe for one log
 * line: control characters become visible escapes (CR as {@code \r}, LF as {@code \n}, tab as {@code \t}, the others as
 * their code point), so no value can end a line and forge the next one, and the length is capped, so no value can flood
 * the log. Backslashes are left as they are: the escapes are for a reader, not for parsing back.
 */
public final class LogText {
    /** Characters kept of a value; the rest is counted, not printed. */
    public static final int MAX = 256;

    private LogText() {}

    /** The text escaped and cut to {@link #MAX} characters; null stays null. */
    public static String of(String text) {
        return of(text, MAX);
    }

    static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        int length = Math.min(text.length(), max);
        // Never end on half a surrogate pair.
        if (length < text.length() && length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--;
        }
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(length + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        String kept = out == null ? text.substring(0, length) : out.toString();
        return length == text.length() ? kept : kept + "…(" + (text.length() - length) + " more characters)";
    }

    private static String escape(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            default -> isControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : null;
        };
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators, which some viewers break lines at. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
