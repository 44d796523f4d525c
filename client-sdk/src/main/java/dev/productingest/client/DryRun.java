package dev.productingest.client;

import dev.productingest.rules.RowValidator;
import dev.productingest.rules.RowViolation;
import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks rows against the same rules the server applies (the shared {@code rules} of the proto module), without sending
 * anything: the rows a load would reject, with the same offsets, fields and reasons.
 */
public final class DryRun {
    private DryRun() {}

    /**
     * @param rows read to the end; not closed
     * @param keep how many rejected rows to keep in the report (all are counted)
     */
    public static Report check(RowSource rows, int keep) {
        long offset = 0;
        long rejected = 0;
        List<RowError> first = new ArrayList<>();
        while (rows.hasNext()) {
            SourceRow row = rows.next();
            Optional<RowViolation> violation =
                    row.isReadable() ? RowValidator.validate(row.row()) : Optional.of(row.unreadable());
            if (violation.isPresent()) {
                rejected++;
                if (first.size() < keep) {
                    first.add(RowError.newBuilder()
                            .setOffset(offset)
                            .setSku(row.sku())
                            .setField(violation.get().field())
                            .setReason(violation.get().reason())
                            .build());
                }
            }
            offset++;
        }
        return new Report(offset, rejected, first);
    }

    /** What a dry run found: every row counted, the first rejected ones listed. */
    public record Report(long rows, long rejected, List<RowError> firstRejects) {}
}
