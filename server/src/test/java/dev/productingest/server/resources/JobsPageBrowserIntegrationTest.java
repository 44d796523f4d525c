package dev.productingest.server.resources;

import static dev.productingest.server.testing.IngestCall.chunks;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live jobs page in a real browser (Debian's headless Chromium through Selenium): a load's progress moves on the
 * page while it runs, from the server's events alone, and its final counts, its first rejected rows and the CSV of all
 * of them are there once it ends.
 */
class JobsPageBrowserIntegrationTest {
    private static final String JOB = "browser-load";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        Optional<File> chromium = onPath("chromium");
        Optional<File> driver = onPath("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            // .ci/run installs both and asks for this test; elsewhere it is left out, saying why.
            String missing =
                    "the jobs page test needs Chromium and its driver: apt-get install chromium chromium-driver";
            if ("required".equals(System.getenv("BROWSER_TESTS"))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.get())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,900");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.get())
                        .build(),
                options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theJobsPageShowsALoadMovingAndItsFinalCountsAndRejects() throws Exception {
        List<ProductRow> rows = new ArrayList<>(catalog(3_000, 0));
        for (int offset : new int[] {2_100, 2_500, 2_900}) {
            rows.set(offset, rows.get(offset).toBuilder().setStock(-1).build());
        }
        IngestCall call = IngestCall.open(server.asyncStub());
        call.send(IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId(JOB)
                        .setSource("nightly.csv")
                        .setExpectedRows(rows.size()))
                .build());
        chunks(0, rows.subList(0, 1_000), 500).forEach(call::send);

        browser.get(server.http() + "/");
        Conditions.await(
                "the page shows the job running with its first 1,000 rows",
                PAGE_WAIT,
                () -> runningField("committed")
                        .filter(committed -> committed >= 1_000)
                        .isPresent());
        assertThat(browser.findElement(By.cssSelector("#running tr[data-job='" + JOB + "'] progress"))
                        .getAttribute("max"))
                .isEqualTo("3000");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");

        // The page is not reloaded: what moves comes from the server's events.
        chunks(1_000, rows.subList(1_000, 2_000), 500).forEach(call::send);
        Conditions.await(
                "the progress moves on the open page",
                PAGE_WAIT,
                () -> runningField("committed")
                        .filter(committed -> committed >= 2_000)
                        .isPresent());
        long progressValue =
                Long.parseLong(browser.findElement(By.cssSelector("#running tr[data-job='" + JOB + "'] progress"))
                        .getAttribute("value"));
        assertThat(progressValue).isGreaterThanOrEqualTo(2_000);
        screenshot();

        chunks(2_000, rows.subList(2_000, 3_000), 500).forEach(call::send);
        IngestSummary summary = call.finish().summary();
        assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        Conditions.await(
                "the page shows the job ended",
                PAGE_WAIT,
                () -> endedField("state").filter("COMPLETED"::equals).isPresent());
        assertThat(endedNumber("inserted")).isEqualTo(2_997);
        assertThat(endedNumber("rejected")).isEqualTo(3);
        assertThat(endedNumber("received")).isEqualTo(3_000);
        assertThat(browser.findElements(By.cssSelector("#running tr[data-job='" + JOB + "']")))
                .as("no longer running")
                .isEmpty();

        browser.findElement(By.cssSelector("#ended tr[data-job='" + JOB + "']")).click();
        Conditions.await(
                "the job's first rejected rows are shown",
                PAGE_WAIT,
                () -> browser.findElements(By.cssSelector("#rejects tbody tr")).size() == 3);
        assertThat(browser.findElement(By.id("rejects")).getText()).contains("2100", "SKU-00002100", "stock");
        String csvLink = browser.findElement(By.id("rejects-csv")).getAttribute("href");
        HttpResponse<String> csv = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(csvLink)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("browser-load-rejects.csv");
        assertThat(csv.body().lines().toList()).hasSize(4).first().isEqualTo("offset,sku,field,reason");
        assertThat(csv.body()).contains("2100,SKU-00002100,stock,", "2900,SKU-00002900,stock,");
    }

    private static Optional<Long> runningField(String field) {
        return text("#running tr[data-job='" + JOB + "'] td[data-field='" + field + "']")
                .map(t -> Long.parseLong(t.replace(",", "")));
    }

    private static Optional<String> endedField(String field) {
        return text("#ended tr[data-job='" + JOB + "'] td[data-field='" + field + "']");
    }

    private static long endedNumber(String field) {
        return Long.parseLong(endedField(field).orElseThrow().replace(",", ""));
    }

    /** The element's text; empty while the page has no such element (it redraws its tables on each event). */
    private static Optional<String> text(String css) {
        try {
            return Optional.of(browser.findElement(By.cssSelector(css)).getText());
        } catch (NoSuchElementException | StaleElementReferenceException notNow) {
            return Optional.empty();
        }
    }

    /** The page mid-load, for docs/jobs-page.png. */
    private static void screenshot() throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "jobs-page.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<File> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, program);
            if (candidate.canExecute()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
