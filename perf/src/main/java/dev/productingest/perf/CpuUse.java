package dev.productingest.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds spent while one load ran, read from Linux's /proc: by the whole machine, by PostgreSQL (the postmaster,
 * its backends and the backends it reaped), by the servers and by the producers (the CLI JVMs this process started and
 * reaped). The rest of the machine's is Redis's, the kernel's and this process's own. On cores that all of them share,
 * this is what bounds a load's rows per second.
 */
record CpuUse(double machine, double postgres, double servers, double producers) {
    static final CpuUse NONE = new CpuUse(0, 0, 0, 0);
    // USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on.
    private static final double TICKS_PER_SECOND = 100;
    private static final long REAPED_AFTER_MS = 250;

    CpuUse plus(CpuUse other) {
        return new CpuUse(
                machine + other.machine,
                postgres + other.postgres,
                servers + other.servers,
                producers + other.producers);
    }

    double others() {
        return Math.max(0, machine - postgres - servers - producers);
    }

    /** Starts counting; {@link Meter#stop()} gives what was spent since. */
    static Meter start(long postmasterPid, List<Long> serverPids) {
        return new Meter(postmasterPid, serverPids);
    }

    /** The postmaster's process id, from the data directory it writes it into. */
    static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Meter {
        private final long postmasterPid;
        private final List<Long> serverPids;
        private final CpuUse start;

        private Meter(long postmasterPid, List<Long> serverPids) {
            this.postmasterPid = postmasterPid;
            this.serverPids = serverPids;
            this.start = now();
        }

        CpuUse stop() {
            try {
                // A backend that just closed its connection is counted once the postmaster reaps it,
                // a moment later; until then it is in neither the live processes nor the reaped time.
                Thread.sleep(REAPED_AFTER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CpuUse end = now();
            return new CpuUse(
                    end.machine - start.machine,
                    end.postgres - start.postgres,
                    end.servers - start.servers,
                    end.producers - start.producers);
        }

        private CpuUse now() {
            double postgres = processSeconds(postmasterPid, true)
                    + ProcessHandle.of(postmasterPid).stream()
                            .flatMap(ProcessHandle::descendants)
                            .mapToDouble(p -> processSeconds(p.pid(), true))
                            .sum();
            double servers = serverPids.stream()
                    .mapToDouble(pid -> processSeconds(pid, false))
                    .sum();
            // A producer's whole life falls inside the window: started after it opened, waited for
            // (and so reaped, its time added to this process's children's) before it closes.
            return new CpuUse(
                    machineSeconds(),
                    postgres,
                    servers,
                    reapedChildrenSeconds(ProcessHandle.current().pid()));
        }
    }

    /** Busy time of all cores: /proc/stat's user, nice, system, irq and softirq (not idle, iowait or steal). */
    private static double machineSeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process's user and system time; with its reaped children's when asked (0 once it is gone). */
    private static double processSeconds(long pid, boolean withReapedChildren) {
        String[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The user and system time of a process's children that have ended and been waited for. */
    private static double reapedChildrenSeconds(long pid) {
        String[] f = stat(pid);
        return f == null ? 0 : (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
    }

    /**
     * /proc's fields after the command name, which may hold spaces, in parentheses: state is [0], utime [11]; null once
     * gone.
     */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
