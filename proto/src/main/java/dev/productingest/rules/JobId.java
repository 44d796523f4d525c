package dev.productingest.rules;

import java.util.regex.Pattern;

/** The rule of a job id, the same where a producer names one and where a reader asks for one. */
public final class JobId {
    /** The rule in words, for error messages. */
    public static final String RULE = "1..128 characters of letters, digits, '.', '_', ':' or '-'";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private JobId() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
