package dev.productingest.client.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.RowValidator;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedGeneratorTest {
    private static List<ProductRow> all(java.util.Iterator<ProductRow> rows) {
        List<ProductRow> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        return list;
    }

    @Test
    void aFeedHasTheCatalogsSkusEachADayNewerThanItsCatalogRow() {
        CatalogSpec spec = CatalogSpec.of(1_000, 3).startingAt(500).withDuplicates(0.02);
        List<ProductRow> catalog = all(new CatalogGenerator(spec));
        for (Feed feed : List.of(Feed.PRICE, Feed.STOCK)) {
            List<ProductRow> rows = all(feed.rows(spec));
            assertThat(rows).hasSameSizeAs(catalog);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).getSku()).isEqualTo(catalog.get(i).getSku());
                assertThat(rows.get(i).getUpdatedAt().getSeconds())
                        .isEqualTo(catalog.get(i).getUpdatedAt().getSeconds() + 86_400);
                assertThat(rows.get(i).getUpdatedAt().getNanos())
                        .isEqualTo(catalog.get(i).getUpdatedAt().getNanos());
            }
        }
    }

    @Test
    void aPriceFeedCarriesOnlyANewPriceInTheProductsCurrencyAndPassesTheServersRules() {
        CatalogSpec spec = CatalogSpec.of(2_000, 9);
        List<ProductRow> catalog = all(new CatalogGenerator(spec));
        List<ProductRow> prices = all(new FeedGenerator(spec, Feed.PRICE));

        long changed = 0;
        for (int i = 0; i < prices.size(); i++) {
            ProductRow row = prices.get(i);
            assertThat(row.getGroupsList()).containsExactly(FieldGroup.PRICE);
            assertThat(row.getCurrency()).isEqualTo(catalog.get(i).getCurrency());
            assertThat(row.getName()).isEmpty();
            assertThat(row.getStock()).isZero();
            assertThat(RowValidator.validate(row)).isEmpty();
            changed += row.getPriceMinor() != catalog.get(i).getPriceMinor() ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(1_990);
    }

    @Test
    void aStockFeedCarriesOnlyStockAndTheCatalogsInvalidRowsAreInvalidInItToo() {
        CatalogSpec spec = CatalogSpec.of(2_000, 9).withInvalid(0.05);
        CatalogGenerator catalog = new CatalogGenerator(spec);
        List<ProductRow> catalogRows = all(catalog);
        FeedGenerator feed = new FeedGenerator(spec, Feed.STOCK);
        List<ProductRow> stock = all(feed);

        for (int i = 0; i < stock.size(); i++) {
            assertThat(FieldGroups.of(stock.get(i))).isEqualTo(FieldGroups.STOCK);
            assertThat(RowValidator.validate(stock.get(i)).isPresent())
                    .as(stock.get(i).getSku())
                    .isEqualTo(RowValidator.validate(catalogRows.get(i)).isPresent());
        }
        assertThat(feed.invalid()).isEqualTo(catalog.invalid()).isPositive();
        List<ProductRow> prices = all(new FeedGenerator(spec, Feed.PRICE));
        assertThat(prices.stream().map(RowValidator::validate).filter(Optional::isPresent))
                .hasSize((int) catalog.invalid());
    }

    @Test
    void theSameSpecGivesTheSameFeedAndTheCatalogIsNoFeed() {
        CatalogSpec spec = CatalogSpec.of(500, 4);
        assertThat(all(Feed.STOCK.rows(spec))).isEqualTo(all(Feed.STOCK.rows(spec)));
        assertThat(all(Feed.STOCK.rows(spec))).isNotEqualTo(all(Feed.STOCK.rows(CatalogSpec.of(500, 5))));
        assertThat(all(Feed.CATALOG.rows(spec))).isEqualTo(all(new CatalogGenerator(spec)));
        assertThatThrownBy(() -> new FeedGenerator(spec, Feed.CATALOG)).isInstanceOf(IllegalArgumentException.class);
    }
}
