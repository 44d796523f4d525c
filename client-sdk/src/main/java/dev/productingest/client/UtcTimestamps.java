package dev.productingest.client;

import com.google.protobuf.Timestamp;

/**
 * Reads the common form of {@code updated_at}, {@code 2024-05-01T12:00:00Z} with up to nine fraction digits, straight
 * into a Timestamp: a producer reads one per row, and {@code Instant.parse} builds a parser's worth of objects for
 * each. Every other form (an offset, a lower-case z, a leap second, hour 24) is left to java.time.
 */
final class UtcTimestamps {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    // Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar, as LocalDate counts them.
    private static final long DAYS_0000_TO_1970 = 719_528L;

    private UtcTimestamps() {}

    /** The time, or null when the text is not of the plain UTC form (it may still be a valid time). */
    static Timestamp parse(String text) {
        int n = text.length();
        if (n < 20
                || text.charAt(n - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > lengthOfMonth(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    /** The number of {@code count} digits at {@code from}, or -1 when one of them is no digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isLeapYear(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    // LocalDate.toEpochDay's arithmetic, for years 0 to 9999.
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367L * month - 362) / 12 + day - 1;
        if (month > 2) {
            total--;
            if (!isLeapYear(year)) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }
}
