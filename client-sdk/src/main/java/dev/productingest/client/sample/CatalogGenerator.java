package dev.productingest.client.sample;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The rows of a {@link CatalogSpec}: the same spec gives the same rows, byte for byte, and every revision of a catalog
 * has the same SKUs and text. Counts what it wrote, so a benchmark knows what the server must report.
 */
public final class CatalogGenerator implements Iterator<ProductRow> {
    private static final String[] CATEGORIES = {
        "kitchen", "garden", "toys", "books", "outdoor", "office", "audio", "bath"
    };
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
    private static final long BASE_SECONDS = 1_704_067_200L;
    // Revision r's rows fall in the 29 days from 2024-01-01 plus r times 30 days: later revisions are
    // newer, and every revision a benchmark makes stays in the past, since a server rejects rows dated
    // ahead of its clock.
    private static final long REVISION_SECONDS = 86_400L * 30;
    private static final long REVISION_SPREAD_SECONDS = 86_400L * 29;

    private final CatalogSpec spec;
    // Two streams: the rows' content, and which rows change, are invalid or repeat a SKU. Every
    // row takes the same draws from each whatever the spec's shares, so shares and revisions
    // never move the content of other rows.
    private final SplittableRandom content;
    private final SplittableRandom choices;
    private long next;
    private ProductRow previous;
    private boolean previousValid;
    private long changed;
    private long invalid;
    private long duplicates;

    public CatalogGenerator(CatalogSpec spec) {
        this.spec = spec;
        this.content = new SplittableRandom(spec.seed());
        this.choices = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
    }

    public CatalogGenerator(long count, long seed) {
        this(CatalogSpec.of(count, seed));
    }

    /** Revision {@code revision} of the catalog, every row changed. */
    public CatalogGenerator(long count, long seed, int revision) {
        this(CatalogSpec.of(count, seed).revision(revision, 1.0));
    }

    /** The earliest update time of a revision's changed rows: a table holding only revision r has none before it. */
    public static Instant revisionStart(int revision) {
        return Instant.ofEpochSecond(BASE_SECONDS + revision * REVISION_SECONDS);
    }

    @Override
    public boolean hasNext() {
        return next < spec.rows();
    }

    @Override
    public ProductRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long number = spec.firstSku() + next++;
        boolean change = spec.revision() > 0 && choices.nextDouble() < spec.changedShare();
        boolean bad = choices.nextDouble() < spec.invalidShare();
        boolean repeat = choices.nextDouble() < spec.duplicateShare() && previousValid;
        int revision = change ? spec.revision() : 0;
        ProductRow.Builder row = ProductRow.newBuilder()
                .setSku(String.format("SKU-%09d", number))
                .setName("Product " + number + " " + word())
                .setDescription(description(number))
                .setCategory(CATEGORIES[content.nextInt(CATEGORIES.length)])
                .setPriceMinor(content.nextLong(100, 1_000_000))
                .setCurrency(CURRENCIES[content.nextInt(CURRENCIES.length)])
                .setStock((content.nextInt(0, 10_000) + revision) % 10_000)
                .setActive(content.nextInt(10) != 0)
                .setUpdatedAt(Timestamp.newBuilder()
                        .setSeconds(BASE_SECONDS
                                + revision * REVISION_SECONDS
                                + content.nextLong(0, REVISION_SPREAD_SECONDS))
                        .setNanos(content.nextInt(1_000_000) * 1000));
        // Drawn whether kept or not, so a plain catalog has the same rows less their attributes.
        String colour = word();
        String size = String.valueOf(content.nextInt(1, 50));
        if (spec.attributes()) {
            row.putAttributes("colour", colour).putAttributes("size", size);
        }
        if (repeat) {
            duplicates++;
            Timestamp before = previous.getUpdatedAt();
            row.setSku(previous.getSku()).setUpdatedAt(before.toBuilder().setSeconds(before.getSeconds() + 1));
        } else if (bad) {
            invalid++;
            row.setStock(-1);
        }
        changed += change && !(bad && !repeat) ? 1 : 0;
        previous = row.build();
        previousValid = repeat || !bad;
        return previous;
    }

    /** Rows of a revision above 0 that differ from revision 0, among the valid ones generated so far. */
    public long changed() {
        return changed;
    }

    /** Rows generated so far that the server must reject. */
    public long invalid() {
        return invalid;
    }

    /** Rows generated so far that repeat the SKU of the row before. */
    public long duplicates() {
        return duplicates;
    }

    private String description(long number) {
        StringBuilder d = new StringBuilder("A ")
                .append(word())
                .append(' ')
                .append(word())
                .append(" for every ")
                .append(word());
        for (int w = 3; w < spec.descriptionWords(); w++) {
            d.append(' ').append(word());
        }
        return d.append(", item ").append(number).append('.').toString();
    }

    private String word() {
        char[] w = new char[content.nextInt(4, 10)];
        for (int k = 0; k < w.length; k++) {
            w[k] = (char) ('a' + content.nextInt(26));
        }
        return new String(w);
    }
}
