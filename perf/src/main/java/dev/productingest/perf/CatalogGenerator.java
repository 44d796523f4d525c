package dev.productingest.perf;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** A deterministic catalog: the same count and seed give the same rows, byte for byte. */
public final class CatalogGenerator implements Iterator<ProductRow> {
    private static final String[] CATEGORIES = {"kitchen", "garden", "toys", "books", "outdoor", "office", "audio", "bath"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
    private static final long BASE_SECONDS = 1_704_067_200L;

    private static final long YEAR_SECONDS = 86_400L * 366;

    private final long count;
    private final SplittableRandom random;
    private final int revision;
    private long next;

    public CatalogGenerator(long count, long seed) {
        this(count, seed, 0);
    }

    /**
     * Revision r of the same catalog: the same SKUs and text, every row a year newer per revision and
     * with a different stock, so that loading revision r+1 over revision r updates every row.
     */
    public CatalogGenerator(long count, long seed, int revision) {
        this.count = count;
        this.random = new SplittableRandom(seed);
        this.revision = revision;
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public ProductRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long i = next++;
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        return ProductRow.newBuilder()
                .setSku(String.format("SKU-%09d", i))
                .setName("Product " + i + " " + word())
                .setDescription("A " + word() + " " + word() + " for every " + word() + ", item " + i + ".")
                .setCategory(CATEGORIES[random.nextInt(CATEGORIES.length)])
                .setPriceMinor(random.nextLong(100, 1_000_000))
                .setCurrency(currency)
                .setStock((random.nextInt(0, 10_000) + revision) % 10_000)
                .setActive(random.nextInt(10) != 0)
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(BASE_SECONDS + revision * YEAR_SECONDS + random.nextLong(0, 86_400 * 365))
                        .setNanos(random.nextInt(1_000_000) * 1000))
                .putAttributes("colour", word())
                .putAttributes("size", String.valueOf(random.nextInt(1, 50)))
                .build();
    }

    private String word() {
        char[] w = new char[random.nextInt(4, 10)];
        for (int k = 0; k < w.length; k++) {
            w[k] = (char) ('a' + random.nextInt(26));
        }
        return new String(w);
    }
}
