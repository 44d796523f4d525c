package dev.productingest.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.ProductRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against the real server over a socket. */
class LoadCommandIntegrationTest {
    private static final String HEADER = "sku,name,description,category,price,currency,stock,active,updated_at\r\n";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Bearer.adminBesideAnonymous());

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int load(Path file, String... more) {
        String[] args = new String[3 + more.length + 1];
        args[0] = "load";
        args[1] = file.toString();
        args[2] = "--server";
        args[3] = server.target();
        System.arraycopy(more, 0, args, 4, more.length);
        return IngestCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path csv(String content) throws Exception {
        Path file = dir.resolve("catalog.csv");
        Files.write(
                file,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, content.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aCsvWithQuotingNewlinesBomAndNonAsciiLoadsExactly() throws Exception {
        Path file = csv(HEADER
                + "A-1,\"Mug, large\",\"He said \"\"hi\"\"\",kitchen,12.34,EUR,5,true,2024-05-01T12:00:00.123456Z\r\n"
                + "Ü-2,Crème brûlée 日本,\"line one\nline two\",food,1500,JPY,0,false,2024-05-01T12:00:00Z\r\n");

        int exit = load(file, "--job-id", "csv-1");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("job csv-1 COMPLETED: received 2, inserted 2");
        Map<String, ProductRow> table = ProductTable.read(server.jdbi());
        assertThat(table.get("A-1").getName()).isEqualTo("Mug, large");
        assertThat(table.get("A-1").getDescription()).isEqualTo("He said \"hi\"");
        assertThat(table.get("A-1").getPriceMinor()).isEqualTo(1234);
        assertThat(table.get("A-1").getUpdatedAt().getNanos()).isEqualTo(123_456_000);
        assertThat(table.get("Ü-2").getName()).isEqualTo("Crème brûlée 日本");
        assertThat(table.get("Ü-2").getDescription()).isEqualTo("line one\nline two");
        assertThat(table.get("Ü-2").getCurrency()).isEqualTo("JPY");
    }

    @Test
    void rejectedRowsArePrintedWithReasonsAndExitTwo() throws Exception {
        Path file = csv(HEADER
                + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "B,Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "C C,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        int exit = load(file);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString())
                .contains("received 3, inserted 1")
                .contains("rejected 2")
                .contains("offset 1 sku 'B' price: line 3: price '1.001' has more than 2 fraction digits")
                .contains("offset 2 sku 'C C' sku: sku contains whitespace");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A");
    }

    @Test
    void aSnapshotRetiresWhatTheFileNoLongerCarriesOnceAllowedAndADeletedRowDeletes() throws Exception {
        load(
                csv(HEADER
                        + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\nB,Cup,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "C,Pot,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"),
                "--job-id",
                "monday");
        Path withoutC = csv(HEADER.replace("updated_at", "updated_at,deleted")
                + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z,\nB,,,,,,,,2024-01-02T00:00:00Z,true\n");

        int refused = load(withoutC, "--job-id", "tuesday", "--snapshot");

        assertThat(refused).isEqualTo(IngestCli.FAILED);
        assertThat(out.toString())
                .contains("job tuesday FAILED: received 2, inserted 0, updated 0, unchanged 1, stale 0, deleted 1");
        assertThat(err.toString())
                .contains("job tuesday FAILED", "would retire 1 of the 2 stored products", "--allow-retire-share");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A", "C");

        int raised = load(withoutC, "--job-id", "tuesday-raised", "--snapshot", "--allow-retire-share", "0.5");
        assertThat(raised).isEqualTo(IngestCli.FAILED);
        assertThat(err.toString())
                .as("a share above the server's guard is the administrator's")
                .contains("PERMISSION_DENIED", "admin scope");
        int allowed = load(
                withoutC,
                "--job-id",
                "tuesday-allowed",
                "--snapshot",
                "--allow-retire-share",
                "0.5",
                "--token",
                Bearer.ADMIN_TOKEN);

        assertThat(allowed).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "job tuesday-allowed COMPLETED: received 2, inserted 0, updated 0, unchanged 2, stale 0, deleted 0",
                        "retired 1 stored products");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A");
    }

    @Test
    void aSnapshotAsOfItsExportTimeSparesWhatWasCreatedAfter() throws Exception {
        load(
                csv(HEADER
                        + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\nB,Cup,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "C,Pot,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"),
                "--job-id",
                "catalog");
        load(csv(HEADER + "D,Pan,,,1.00,EUR,1,true,2024-01-05T00:00:00Z\n"), "--job-id", "delta");
        Path export = csv(HEADER
                + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\nB,Cup,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        int exit = load(
                export,
                "--job-id",
                "nightly",
                "--snapshot",
                "--as-of",
                "2024-01-03T00:00:00Z",
                "--allow-retire-share",
                "0.5",
                "--token",
                Bearer.ADMIN_TOKEN);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("retired 1 stored products", "snapshot as of 2024-01-03T00:00:00Z (its as_of)");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A", "B", "D");
        assertThat(load(export, "--snapshot", "--as-of", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--as-of 'yesterday' is not a time such as 2024-05-01T00:00:00Z");
    }

    @Test
    void snapshotOptionsWithoutSnapshotAreAUsageError() throws Exception {
        int exit = load(csv(HEADER), "--allow-retire-share", "0.5");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("--snapshot-category, --allow-retire-share and --as-of are for --snapshot loads");
    }

    @Test
    void aFailedJobExitsOne() throws Exception {
        Path file = csv(HEADER
                + "A B,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\nC D,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        int exit = load(file, "--max-rejected", "1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("FAILED").contains("error budget exceeded");
    }

    @Test
    void anUnknownColumnExitsOneNamingIt() throws Exception {
        Path file = csv("sku,name,price,currency,updated_at,colour\nA,Mug,1,EUR,2024-01-01T00:00:00Z,red\n");

        assertThat(load(file)).isEqualTo(1);
        assertThat(err.toString()).contains("unknown column 'colour'");
    }

    @Test
    void anUnreachableServerExitsOneSayingSo() throws Exception {
        Path file = csv(HEADER + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        int exit = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "load",
                file.toString(),
                "--server",
                "localhost:1",
                "--attempts",
                "2");

        assertThat(exit).isEqualTo(1);
        // The first wait is 0.5 s less up to half of it, so that refused producers do not return together.
        assertThat(err.toString())
                .contains("UNAVAILABLE")
                .containsPattern("attempt 1 of 2, trying again in 0\\.[2345] s");
    }

    @Test
    void rerunningACompletedJobReportsItWithoutLoadingAgain() throws Exception {
        Path file = csv(HEADER + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");
        load(file, "--job-id", "once");

        int exit = load(file, "--job-id", "once");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("job once COMPLETED: received 1, inserted 1");
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM ingest_jobs"))
                .isEqualTo(1);
    }

    @Test
    void theExpectedRowsGoWithTheJobSoItsProgressHasATotal() throws Exception {
        Path file = csv(HEADER
                + "E-1,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\nE-2,Cup,,,2.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        assertThat(load(file, "--job-id", "expected", "--expected-rows", "2")).isZero();

        assertThat(server.blockingStub()
                        .getJob(GetJobRequest.newBuilder().setJobId("expected").build())
                        .getExpectedRows())
                .isEqualTo(2);
        assertThat(load(file, "--job-id", "negative", "--expected-rows", "-1")).isNotZero();
        assertThat(err.toString()).contains("--expected-rows must not be negative");
    }

    @Test
    void dryRunAndTheServerRejectTheSameRowsForTheSameReasons() throws Exception {
        Path file = csv(HEADER
                + "OK-1,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "SP ACE,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "NONAME,,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "CENTS,Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "CUR,Mug,,,1.00,EURO,1,true,2024-01-01T00:00:00Z\n"
                + "NEG,Mug,,,1.00,EUR,-1,true,2024-01-01T00:00:00Z\n"
                + "ACT,Mug,,,1.00,EUR,1,yes,2024-01-01T00:00:00Z\n"
                + "TIME,Mug,,,1.00,EUR,1,true,yesterday\n"
                + "NANOS,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00.123456789Z\n"
                + "SHORT,Mug,1.00\n"
                + "X".repeat(65) + ",Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "NEGPRICE,Mug,,,-1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        int dryExit = load(file, "--dry-run");
        String dry = rejectLines(out.toString());
        assertThat(out.toString()).contains("12 rows, 11 would be rejected; nothing was sent");
        assertThat(ProductTable.read(server.jdbi())).isEmpty();
        out.getBuffer().setLength(0);
        int realExit = load(file, "--job-id", "agree");

        assertThat(dryExit).isEqualTo(2);
        assertThat(realExit).isEqualTo(2);
        assertThat(rejectLines(out.toString())).isEqualTo(dry);
        assertThat(dry.lines().count()).isEqualTo(11);
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("OK-1");
    }

    @Test
    void aDryRunOfPriceAndStockFeedsChecksTheirPartialRowsWithTheServersRules() throws Exception {
        Path prices = csv("sku,price,currency,updated_at,deleted\n"
                + "OK,12.34,EUR,2024-01-01T00:00:00Z,\n"
                + "CENTS,1.001,EUR,2024-01-01T00:00:00Z,\n"
                + "CUR,1.00,EURO,2024-01-01T00:00:00Z,\n"
                + "GONE,,,2024-01-01T00:00:00Z,true\n");

        int pricesExit = load(prices, "--dry-run");
        String pricesOut = out.toString();
        out.getBuffer().setLength(0);
        int stockExit =
                load(csv("sku,stock,updated_at\nA,4,2024-01-01T00:00:00Z\nB,0,2024-01-01T00:00:00Z\n"), "--dry-run");

        assertThat(pricesExit).isEqualTo(2);
        assertThat(pricesOut)
                .contains("4 rows, 2 would be rejected; nothing was sent")
                .contains("offset 1 sku 'CENTS' price: line 3: price '1.001' has more than 2 fraction digits")
                .contains("offset 2 sku 'CUR' currency:");
        assertThat(stockExit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 rows, 0 would be rejected");
    }

    @Test
    void aPriceFeedChangesOnlyPricesAndKeepsARowForAProductNotYetLoaded() throws Exception {
        load(
                csv(HEADER + "A,Mug,,,1.00,EUR,5,true,2024-01-01T00:00:00Z\n"
                        + "B,Cup,,,2.00,EUR,6,true,2024-01-03T00:00:00Z\n"),
                "--job-id",
                "catalog-before-prices");
        out.getBuffer().setLength(0);
        Path prices = csv("sku,price,currency,updated_at\n"
                + "A,1.50,USD,2024-01-02T00:00:00Z\n"
                + "B,9.00,EUR,2024-01-02T00:00:00Z\n"
                + "LATER,3.00,EUR,2024-01-02T00:00:00Z\n");

        int exit = load(prices, "--job-id", "prices");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("job prices COMPLETED: received 3, inserted 0, updated 2, unchanged 0, stale 1");
        Map<String, Object> a = storedColumns("A");
        assertThat(a).containsEntry("name", "Mug").containsEntry("stock", 5).containsEntry("price_minor", 150L);
        assertThat(a.get("currency").toString().strip()).isEqualTo("USD");
        assertThat(storedColumns("B")).containsEntry("price_minor", 200L);
        List<String> readable = server.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT sku FROM products WHERE deleted_at IS NULL AND updated_at IS NOT NULL ORDER BY sku")
                        .mapTo(String.class)
                        .list());
        assertThat(readable).as("readable: a product whose content has arrived").containsExactly("A", "B");

        out.getBuffer().setLength(0);
        int content = load(csv("sku,name,updated_at\nLATER,Pot,2024-01-01T00:00:00Z\n"), "--job-id", "later");

        assertThat(content).as(err.toString()).isZero();
        assertThat(out.toString()).contains("received 1, inserted 1");
        assertThat(storedColumns("LATER")).containsEntry("name", "Pot").containsEntry("price_minor", 300L);
    }

    private Map<String, Object> storedColumns(String sku) {
        return server.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT name, price_minor, currency, stock FROM products WHERE sku = :sku")
                                .bind("sku", sku)
                                .mapToMap()
                                .one());
    }

    @Test
    void jobAndWatchReportAJobAndUnknownJobsSayWhatToDo() throws Exception {
        Path file = csv(HEADER + "A,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "B,Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n");
        load(file, "--job-id", "reported");
        out.getBuffer().setLength(0);

        int job = IngestCli.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "job", "reported", "--server", server.target());
        int watch = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "watch",
                "reported",
                "--server",
                server.target());
        int unknown = IngestCli.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "job", "nobody", "--server", server.target());

        assertThat(job).isEqualTo(2);
        assertThat(watch).isEqualTo(2);
        assertThat(out.toString())
                .contains("job reported COMPLETED: received 2, inserted 1")
                .contains("offset 1 sku 'B' price");
        assertThat(unknown).isEqualTo(1);
        assertThat(err.toString()).contains("no job nobody").contains("load FILE --job-id nobody");
    }

    private static String rejectLines(String output) {
        return String.join(
                "\n", output.lines().filter(l -> l.startsWith("  offset ")).toList());
    }

    @Test
    void rejectsWritesEveryRejectedRowAsCsvBeyondTheSummarysFirstHundred() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 1_500; i++) {
            rows.append("BAD-").append(i).append(",Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n");
        }
        rows.append("GOOD,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");
        load(csv(rows.toString()), "--job-id", "many-rejects");
        Path written = dir.resolve("rejects.csv");

        int exit = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "rejects",
                "many-rejects",
                "--out",
                written.toString(),
                "--server",
                server.target());

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(written);
        assertThat(lines).hasSize(1_501);
        assertThat(lines.get(0)).isEqualTo("offset,sku,field,reason");
        assertThat(lines.get(1)).startsWith("0,BAD-0,price,");
        assertThat(lines.get(1_500)).startsWith("1499,BAD-1499,price,");
        assertThat(out.toString()).contains("1500 rejected rows of job many-rejects written to");
        int unknown = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "rejects",
                "nobody",
                "--server",
                server.target());
        assertThat(unknown).isEqualTo(1);
        assertThat(err.toString()).contains("NOT_FOUND");
    }

    @Test
    void rejectsStartsEveryCellASpreadsheetWouldReadAsAFormulaWithAnApostrophe() throws Exception {
        load(
                csv(HEADER
                        + "\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "@SUM(A1),Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\n"),
                "--job-id",
                "formula-rejects");
        Path written = dir.resolve("formula-rejects.csv");

        int exit = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "rejects",
                "formula-rejects",
                "--out",
                written.toString(),
                "--server",
                server.target());

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(written);
        assertThat(lines.get(1)).startsWith("0,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",price,");
        assertThat(lines.get(2)).startsWith("1,'@SUM(A1),price,");
    }

    private Path file(byte[] content) throws Exception {
        Path file = dir.resolve("export.csv");
        Files.write(file, content);
        return file;
    }

    /** What a spreadsheet on Windows saves: windows-1252, mostly ASCII, an accented name and a euro sign. */
    private static byte[] windows1252Export() {
        return (HEADER
                        + "MUG,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\r\n"
                        + "CUP,Cup,,,2.00,EUR,1,true,2024-01-01T00:00:00Z\r\n"
                        + "CAFE,Café crème € 5,Crème fraîche inside,,5.00,EUR,1,true,2024-01-01T00:00:00Z\r\n")
                .getBytes(Charset.forName("windows-1252"));
    }

    @Test
    void aWindows1252FileRejectsItsUndecodableRowWithoutTheOptionAndLoadsExactlyWithIt() throws Exception {
        Path file = file(windows1252Export());

        int without = load(file, "--job-id", "cp1252-without");

        assertThat(without).as(err.toString()).isEqualTo(2);
        assertThat(out.toString())
                .contains(
                        "job cp1252-without COMPLETED: received 3, inserted 2",
                        "offset 2 sku 'CAFE' name: line 4, column 2 (name), byte offset 174: name 'Caf\\xE9 cr\\xE8me \\x80 5' holds bytes that are"
                                + " not UTF-8; the file looks like windows-1252: try --encoding windows-1252");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("MUG", "CUP");
        assertThat(ProductTable.count(
                        server.jdbi(),
                        "SELECT count(*) FROM ingest_rejects WHERE reason LIKE '%' || chr(65533) || '%'"
                                + " OR sku LIKE '%' || chr(65533) || '%'"))
                .as("no U+FFFD stored, not even in a reject")
                .isZero();

        int with = load(file, "--job-id", "cp1252-with", "--encoding", "windows-1252");

        assertThat(with).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("job cp1252-with COMPLETED: received 3, inserted 1, updated 0, unchanged 2");
        ProductRow cafe = ProductTable.read(server.jdbi()).get("CAFE");
        assertThat(cafe.getName()).isEqualTo("Café crème € 5");
        assertThat(cafe.getDescription()).isEqualTo("Crème fraîche inside");
    }

    @Test
    void aDryRunTakesTheSameOptionsAndFindsTheSameRows() throws Exception {
        Path file = file(windows1252Export());

        int without = load(file, "--dry-run");
        String dry = rejectLines(out.toString());
        out.getBuffer().setLength(0);
        load(file, "--job-id", "dry-agree");
        String real = rejectLines(out.toString());
        out.getBuffer().setLength(0);
        int with = load(file, "--dry-run", "--encoding", "windows-1252");

        assertThat(without).isEqualTo(2);
        assertThat(dry).isEqualTo(real).contains("try --encoding windows-1252");
        assertThat(with).isZero();
        assertThat(out.toString()).contains("3 rows, 0 would be rejected");
    }

    @Test
    void aFileMostlyNotInItsEncodingStopsBeforeSendingAnythingSayingWhatItLooksLike() throws Exception {
        Path file = file((HEADER + "A,Café,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "B,Thé,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n")
                .getBytes(Charset.forName("windows-1252")));

        int exit = load(file, "--job-id", "not-utf8");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "the file is not UTF-8: 2 of its first 2 rows hold bytes that are not UTF-8",
                        "the file looks like windows-1252: try --encoding windows-1252");
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM ingest_jobs"))
                .as("nothing was sent")
                .isZero();
    }

    @Test
    void aUtf16FileWithItsByteOrderMarkLoadsWithoutOptions() throws Exception {
        byte[] utf16 = ("\uFEFF" + HEADER + "U-1,Crème brûlée 日本 €,,,1.50,EUR,1,true,2024-01-01T00:00:00Z\r\n")
                .getBytes(StandardCharsets.UTF_16LE);

        int exit = load(file(utf16), "--job-id", "utf16");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(ProductTable.read(server.jdbi()).get("U-1").getName()).isEqualTo("Crème brûlée 日本 €");
    }

    @Test
    void aSemicolonSeparatedFileWithDecimalCommasAndCapitalisedHeadersLoadsWithItsOptions() throws Exception {
        Path file = file(("SKU;Name;Price;Currency;Updated_At;Stock;Attr.Colour\r\n"
                        + "S-1;Mug;12,34;EUR;2024-01-01T00:00:00Z;3;Blue\r\n"
                        + "S-2;Kettle;1.234,50;EUR;2024-01-01T00:00:00Z;1;\r\n"
                        + "S-3;Pot;1.234;EUR;2024-01-01T00:00:00Z;1;\r\n")
                .getBytes(StandardCharsets.UTF_8));

        int refused = load(file, "--job-id", "semicolons");

        assertThat(refused).isEqualTo(1);
        assertThat(err.toString())
                .contains("the header has no 'sku' column", "the file looks ;-separated: try --delimiter ';'");
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM ingest_jobs"))
                .as("nothing was sent")
                .isZero();

        int loaded = load(file, "--job-id", "semicolons", "--delimiter", ";", "--decimal-comma");

        assertThat(loaded).as(err.toString()).isEqualTo(2);
        assertThat(out.toString())
                .contains("received 3, inserted 2", "offset 2 sku 'S-3' price: line 4: price '1.234' is ambiguous");
        Map<String, ProductRow> table = ProductTable.read(server.jdbi());
        assertThat(table.get("S-1").getPriceMinor()).isEqualTo(1234);
        assertThat(table.get("S-1").getStock()).isEqualTo(3);
        assertThat(table.get("S-1").getAttributesMap()).containsExactlyEntriesOf(Map.of("Colour", "Blue"));
        assertThat(table.get("S-2").getPriceMinor()).isEqualTo(123_450);
    }

    @Test
    void aTabSeparatedFileLoadsWithDelimiterTab() throws Exception {
        Path file = file("sku\tname\tprice\tcurrency\tupdated_at\nT-1\tMug, large\t1.00\tEUR\t2024-01-01T00:00:00Z\n"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(load(file, "--delimiter", "tab")).as(err.toString()).isZero();
        assertThat(ProductTable.read(server.jdbi()).get("T-1").getName()).isEqualTo("Mug, large");
    }

    @Test
    void theReplacementCharacterOfAnEarlierWrongDecodingIsRejectedByTheServerAsByTheDryRun() throws Exception {
        Path file = csv(HEADER + "OK,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "BAD,Caf\uFFFD,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n");

        load(file, "--dry-run");
        String dry = rejectLines(out.toString());
        out.getBuffer().setLength(0);
        int exit = load(file, "--job-id", "replacement");

        assertThat(exit).isEqualTo(2);
        assertThat(rejectLines(out.toString()))
                .isEqualTo(dry)
                .contains("offset 1 sku 'BAD' name: name contains U+FFFD");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("OK");
    }

    @Test
    void anUnknownEncodingOrABadDelimiterIsAUsageErrorSayingWhatIsAccepted() throws Exception {
        Path file = csv(HEADER);

        assertThat(load(file, "--encoding", "klingon")).isEqualTo(2);
        assertThat(load(file, "--delimiter", "ab")).isEqualTo(2);

        assertThat(err.toString()).contains("unknown encoding 'klingon'", "'ab' is not a delimiter");
    }
}
