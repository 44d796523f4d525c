package dev.productingest.csv;

import dev.productingest.v1.RowError;
import java.util.List;

/**
 * Rejected rows as CSV, one format for the server's {@code GET /jobs/{id}/rejects.csv} and the CLI's {@code rejects}
 * command: the columns {@code offset,sku,field,reason}, and every text cell safe to open in a spreadsheet. A producer
 * chose those texts: a SKU such as {@code =HYPERLINK("http://…","click")} is a valid SKU and would be a live formula.
 */
public final class RejectCsv {
    public static final List<String> HEADER = List.of("offset", "sku", "field", "reason");

    private RejectCsv() {}

    /** One rejected row's cells, in {@link #HEADER}'s order. */
    public static List<String> record(RowError reject) {
        return List.of(
                String.valueOf(reject.getOffset()),
                cell(reject.getSku()),
                cell(reject.getField()),
                cell(reject.getReason()));
    }

    /**
     * The text as a cell no spreadsheet reads as a formula (OWASP's advice on CSV injection): one that starts with
     * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return, after any spaces (some spreadsheets skip
     * them) and in their full-width forms too (which some locales evaluate), gets a leading apostrophe, which
     * spreadsheets show as text and do not display. Quoting is the CSV writer's job.
     */
    public static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        int first = 0;
        while (first < text.length() && text.charAt(first) == ' ') {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        return switch (text.charAt(first)) {
            case '=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' -> "'" + text;
            default -> text;
        };
    }
}
