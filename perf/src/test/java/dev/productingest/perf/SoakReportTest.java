package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakReportTest {
    private static final String SUITE = "# Performance results\n\n## Targets\n\nfast\n\n## Checks\n\nall held\n";

    @Test
    void aSoakSectionIsAddedAtTheEndOfAReportWithoutOne() {
        assertThat(SoakReport.withSection(SUITE, "## Soak\n\nflat\n")).isEqualTo(SUITE + "\n## Soak\n\nflat\n");
    }

    @Test
    void aSoakSectionReplacesTheOneBeforeItAndKeepsTheSectionsAfter() {
        String report = "# Performance results\n\n## Soak\n\nold\n\n## Checks\n\nall held\n";

        assertThat(SoakReport.withSection(report, "## Soak\n\nnew\n"))
                .isEqualTo("# Performance results\n\n## Soak\n\nnew\n\n## Checks\n\nall held\n");
    }

    @Test
    void theSuitesReportKeepsTheSoakSectionOfTheFileItRewrites() {
        String before = SoakReport.withSection(SUITE, "## Soak\n\nflat\n");

        String section = SoakReport.sectionOf(before);

        assertThat(section).isEqualTo("## Soak\n\nflat\n");
        assertThat(SoakReport.withSection("# Performance results\n\n## Targets\n\nfaster\n", section))
                .isEqualTo("# Performance results\n\n## Targets\n\nfaster\n\n## Soak\n\nflat\n");
        assertThat(SoakReport.sectionOf(SUITE)).isEmpty();
    }
}
