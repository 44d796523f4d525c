package dev.productingest.perf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What each scenario must leave behind, read back from PostgreSQL: a benchmark whose loads lost or doubled rows would
 * measure nothing. Failures are collected, reported, and fail the suite.
 */
final class Checks {
    private final Jdbi jdbi;
    private final List<String> failures = new ArrayList<>();
    private int passed;

    Checks(String url) {
        this.jdbi = Jdbi.create(url);
    }

    /** The jobs' counts, summed. */
    record Counts(
            long received,
            long inserted,
            long updated,
            long unchanged,
            long stale,
            long rejected,
            long completed,
            long retired) {}

    Counts jobs(List<String> jobIds) {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(sum(received), 0), coalesce(sum(inserted), 0),"
                        + " coalesce(sum(updated), 0), coalesce(sum(unchanged), 0), coalesce(sum(stale), 0),"
                        + " coalesce(sum(rejected), 0), count(*) FILTER (WHERE state = 'COMPLETED'), coalesce(sum(retired), 0)"
                        + " FROM ingest_jobs WHERE job_id = ANY (:ids)")
                .bindArray("ids", String.class, jobIds)
                .map((rs, ctx) -> new Counts(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8)))
                .one());
    }

    /** How many servers took these jobs (each job keeps the instance that ran it last). */
    long owners(List<String> jobIds) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT count(DISTINCT owner) FROM ingest_jobs WHERE job_id = ANY(:ids)")
                        .bindArray("ids", String.class, jobIds)
                        .mapTo(Long.class)
                        .one());
    }

    /** The products readers see: deleted ones (tombstones) left out. */
    long products() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM products WHERE deleted_at IS NULL")
                .mapTo(Long.class)
                .one());
    }

    /** Live products stored with no attributes at all. */
    long productsWithoutAttributes() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM products WHERE deleted_at IS NULL AND attributes = '{}'::jsonb")
                .mapTo(Long.class)
                .one());
    }

    long productsUpdatedSince(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM products WHERE updated_at >= :since")
                .bind("since", since)
                .mapTo(Long.class)
                .one());
    }

    /** Products whose stock carries exactly this version. */
    long productsWithStockVersion(Instant version) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM products WHERE stock_updated_at = :version")
                .bind("version", version)
                .mapTo(Long.class)
                .one());
    }

    /** Every product's stock level, summed. */
    long stockTotal() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(sum(stock), 0) FROM products")
                .mapTo(Long.class)
                .one());
    }

    /**
     * A digest of every product's content and price with their versions (the groups a stock feed must leave alone): a
     * stock feed that wrote any of them would change it.
     */
    long contentAndPriceDigest() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(bit_xor(hashtextextended(concat_ws(chr(31), sku,"
                        + " name, description, category, active, attributes::text, updated_at, deleted_at,"
                        + " price_minor, currency, price_updated_at), 0)), 0) FROM products")
                .mapTo(Long.class)
                .one());
    }

    void expect(String what, long expected, long actual) {
        if (expected == actual) {
            passed++;
        } else {
            failures.add(what + ": expected " + expected + ", found " + actual);
        }
    }

    int passed() {
        return passed;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
