package dev.productingest.client.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.rules.RowValidator;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {
    private static List<ProductRow> all(CatalogGenerator g) {
        List<ProductRow> rows = new ArrayList<>();
        g.forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void theSameSpecGivesTheSameRows() {
        CatalogSpec spec = CatalogSpec.of(2_000, 7).withInvalid(0.1).withDuplicates(0.05);
        assertThat(all(new CatalogGenerator(spec))).isEqualTo(all(new CatalogGenerator(spec)));
        assertThat(all(new CatalogGenerator(spec))).isNotEqualTo(all(new CatalogGenerator(CatalogSpec.of(2_000, 8))));
    }

    @Test
    void aRevisionChangesExactlyItsShareOfRowsAndKeepsEverySku() {
        List<ProductRow> first = all(new CatalogGenerator(CatalogSpec.of(10_000, 42)));
        CatalogGenerator tenPercent =
                new CatalogGenerator(CatalogSpec.of(10_000, 42).revision(1, 0.1));
        List<ProductRow> second = all(tenPercent);

        long differing = 0;
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).getSku()).isEqualTo(first.get(i).getSku());
            assertThat(second.get(i).getDescription()).isEqualTo(first.get(i).getDescription());
            if (!second.get(i).equals(first.get(i))) {
                differing++;
                assertThat(second.get(i).getUpdatedAt().getSeconds())
                        .isGreaterThan(first.get(i).getUpdatedAt().getSeconds());
                assertThat(second.get(i).getStock()).isNotEqualTo(first.get(i).getStock());
            }
        }
        assertThat(differing).isEqualTo(tenPercent.changed()).isBetween(900L, 1_100L);
    }

    @Test
    void laterRevisionsChangeTheSameRowsAgain() {
        List<ProductRow> r1 = all(new CatalogGenerator(CatalogSpec.of(5_000, 42).revision(1, 0.1)));
        List<ProductRow> r2 = all(new CatalogGenerator(CatalogSpec.of(5_000, 42).revision(2, 0.1)));
        List<ProductRow> r0 = all(new CatalogGenerator(CatalogSpec.of(5_000, 42)));
        for (int i = 0; i < r0.size(); i++) {
            assertThat(r1.get(i).equals(r0.get(i))).isEqualTo(r2.get(i).equals(r0.get(i)));
        }
    }

    @Test
    void aPlainCatalogIsTheSameRowsWithoutAttributes() {
        List<ProductRow> full = all(new CatalogGenerator(CatalogSpec.of(1_000, 5)));
        List<ProductRow> plain =
                all(new CatalogGenerator(CatalogSpec.of(1_000, 5).plain()));
        for (int i = 0; i < full.size(); i++) {
            assertThat(full.get(i).getAttributesCount()).isEqualTo(2);
            assertThat(plain.get(i))
                    .isEqualTo(full.get(i).toBuilder().clearAttributes().build());
        }
        assertThat(CatalogSpec.of(1_000, 5).plain().fileName())
                .isNotEqualTo(CatalogSpec.of(1_000, 5).fileName());
    }

    @Test
    void invalidRowsAreRejectedByTheServersRulesAndOnlyThey() {
        CatalogGenerator g = new CatalogGenerator(CatalogSpec.of(5_000, 3).withInvalid(0.02));
        long rejected = all(g).stream()
                .filter(r -> RowValidator.validate(r).isPresent())
                .count();
        assertThat(rejected).isEqualTo(g.invalid()).isBetween(50L, 150L);
    }

    @Test
    void aDuplicateRepeatsThePreviousSkuOneSecondNewer() {
        CatalogGenerator g = new CatalogGenerator(CatalogSpec.of(5_000, 3).withDuplicates(0.05));
        List<ProductRow> rows = all(g);
        long repeats = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).getSku().equals(rows.get(i - 1).getSku())) {
                repeats++;
                assertThat(rows.get(i).getUpdatedAt().getSeconds())
                        .isEqualTo(rows.get(i - 1).getUpdatedAt().getSeconds() + 1);
            }
        }
        assertThat(repeats).isEqualTo(g.duplicates()).isBetween(150L, 350L);
        assertThat(rows.stream().map(ProductRow::getSku).distinct().count()).isEqualTo(5_000 - g.duplicates());
    }

    @Test
    void disjointRangesAndLongerTextFollowTheSpec() {
        List<ProductRow> rows =
                all(new CatalogGenerator(CatalogSpec.of(10, 1).startingAt(500).withDescriptionWords(40)));
        assertThat(rows.get(0).getSku()).isEqualTo("SKU-000000500");
        assertThat(rows.get(9).getSku()).isEqualTo("SKU-000000509");
        assertThat(rows.get(0).getDescription().split(" ")).hasSizeGreaterThan(40);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> CatalogSpec.of(10, 1).withInvalid(1.5)).hasMessageContaining("within 0..1: 1.5");
    }

    @Test
    void everyRevisionABenchmarkMakesIsDatedInThePastAndNewerThanTheOneBefore() {
        for (int revision = 1; revision <= 12; revision++) {
            List<ProductRow> rows =
                    all(new CatalogGenerator(CatalogSpec.of(2_000, 42).revision(revision, 1.0)));
            Instant start = CatalogGenerator.revisionStart(revision);
            Instant next = CatalogGenerator.revisionStart(revision + 1);
            assertThat(rows)
                    .allSatisfy(row -> assertThat(
                                    Instant.ofEpochSecond(row.getUpdatedAt().getSeconds()))
                            .isBetween(start, next)
                            .isBefore(Instant.parse("2026-01-01T00:00:00Z")));
        }
    }
}
