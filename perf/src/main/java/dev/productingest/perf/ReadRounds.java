package dev.productingest.perf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's read scenario: cached {@code GET /products/{sku}} on a server against the same server's admin
 * {@code /ping} (the HTTP stack alone), a round of each per run, with wrk. The first round is preceded by unmeasured
 * reads of every hot SKU, for the JIT and the near cache.
 */
final class ReadRounds {
    static final int CONNECTIONS = 16;
    static final long HOT_SKUS = 10_000;

    final List<Wrk.Round> cached = new ArrayList<>();
    final List<Wrk.Round> ping = new ArrayList<>();
    final Duration round;
    private final Duration warmup;
    private final Wrk wrk = new Wrk(CONNECTIONS);
    private final Path script;
    private boolean warm;

    /** @param rows products in the table, SKUs from 0: the hot SKUs are the first of them */
    ReadRounds(Path dir, long seed, long rows, Duration warmup, Duration round) throws Exception {
        this.warmup = warmup;
        this.round = round;
        this.script = Wrk.productsScript(dir, seed, Math.min(HOT_SKUS, rows));
    }

    void measure(ServerProcess server) throws Exception {
        String products = "http://localhost:" + server.httpPort();
        String pingUrl = "http://localhost:" + server.adminPort() + "/ping";
        if (!warm) {
            wrk.round(products, warmup, script);
            wrk.round(pingUrl, warmup, null);
            warm = true;
        }
        cached.add(wrk.round(products, round, script));
        ping.add(wrk.round(pingUrl, round, null));
        Bench.log("reads: cached GET %s, /ping %s", cached.get(cached.size() - 1), ping.get(ping.size() - 1));
    }

    /** The median over rounds of cached reads over /ping within each round pair. */
    double medianRatio() {
        double[] ratios = new double[cached.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = cached.get(i).perSecond() / ping.get(i).perSecond();
        }
        return Bench.median(ratios);
    }
}
