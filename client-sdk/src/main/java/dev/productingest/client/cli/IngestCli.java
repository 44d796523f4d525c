package dev.productingest.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The product-ingest command line. Exit codes: 0 every row accepted, 2 some rows rejected, 1 failed. */
@Command(
        name = "product-ingest",
        mixinStandardHelpOptions = true,
        subcommands = {
            LoadCommand.class,
            JobCommand.class,
            WatchCommand.class,
            RejectsCommand.class,
            SampleCommand.class
        },
        description = "Loads product catalogs into a product-ingest server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every row was accepted",
            "2:the load completed but some rows were rejected",
            "1:the load failed"
        })
public final class IngestCli {
    static final int ACCEPTED = 0;
    static final int FAILED = 1;
    static final int SOME_REJECTED = 2;

    private IngestCli() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's standard streams and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line, printing to {@code out} and {@code err}, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new IngestCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return FAILED;
                })
                .execute(args);
    }
}
