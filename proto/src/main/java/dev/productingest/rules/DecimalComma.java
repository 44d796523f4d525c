package dev.productingest.rules;

/**
 * Reads an amount written with a decimal comma ({@code 1.234,50}) into the point form {@link Money} converts
 * ({@code 1234.50}), refusing what could be read two ways. Refusals name the text as it was written.
 */
final class DecimalComma {
    private DecimalComma() {}

    static String toPointForm(String written) {
        String text = written.strip();
        int comma = text.indexOf(',');
        if (comma != text.lastIndexOf(',')) {
            throw notADecimal(written);
        }
        String whole = comma < 0 ? text : text.substring(0, comma);
        String fraction = comma < 0 ? null : text.substring(comma + 1);
        if (fraction != null && fraction.indexOf('.') >= 0) {
            throw notADecimal(written);
        }
        int points = count(whole, '.');
        if (points == 0) {
            return fraction == null ? whole : whole + "." + fraction;
        }
        int signs = !whole.isEmpty() && (whole.charAt(0) == '+' || whole.charAt(0) == '-') ? 1 : 0;
        String digits = whole.substring(signs);
        if (!groupsThousands(digits)) {
            if (points == 1 && fraction == null && isDigitsAroundOnePoint(digits)) {
                throw new IllegalArgumentException(
                        "'" + written + "' has a decimal point, but amounts are read with a decimal comma ("
                                + digits.replace('.', ',') + ")");
            }
            throw notADecimal(written);
        }
        if (points == 1 && fraction == null) {
            // "1.234" is 1234 with its thousands grouped, or 1.234 with the wrong mark: either guess corrupts some
            // prices.
            throw new IllegalArgumentException("'" + written + "' is ambiguous: " + digits.replace(".", "")
                    + " with a thousands point," + " or " + digits.replace('.', ',')
                    + " with a decimal point; write it without the point, or with a comma");
        }
        String grouped = whole.substring(0, signs) + digits.replace(".", "");
        return fraction == null ? grouped : grouped + "." + fraction;
    }

    /** 1 to 3 digits, then groups of a point and 3 digits: 1.234, 12.345.678. */
    private static boolean groupsThousands(String digits) {
        int first = digits.indexOf('.');
        if (first < 1 || first > 3 || (digits.length() - first) % 4 != 0) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean pointHere = i >= first && (i - first) % 4 == 0;
            if (pointHere ? c != '.' : !isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitsAroundOnePoint(String digits) {
        int point = digits.indexOf('.');
        if (point < 1 || point == digits.length() - 1) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i != point && !isDigit(digits.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    private static IllegalArgumentException notADecimal(String written) {
        return new IllegalArgumentException("'" + written + "' is not a decimal number");
    }
}
