package dev.productingest.server.store;

/**
 * The one way text a producer sent reaches a diagnostic column (a rejected row's SKU, field and reason, a job's source
 * and error): PostgreSQL refuses U+0000 and unpaired surrogates fail its UTF-8 encoding, so both become U+FFFD, and the
 * length is bounded. A bad byte in a reject must never fail the batch that stores it, or every resume would fail the
 * same way.
 */
public final class StorableText {
    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /**
     * The text with NUL and unpaired surrogates replaced, cut to at most {@code max} characters (an ellipsis marks a
     * cut).
     */
    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        int length = Math.min(text.length(), max);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean bad = c == '\0' || (Character.isSurrogate(c) && !pairedHigh && !pairedLow);
            if (bad && out == null) {
                out = new StringBuilder(length + 1).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
            }
        }
        String kept = out == null ? text.substring(0, length) : out.toString();
        if (text.length() <= max) {
            return kept;
        }
        // Never end on half a surrogate pair.
        if (!kept.isEmpty() && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
            kept = kept.substring(0, kept.length() - 1);
        }
        return kept + "…";
    }
}
