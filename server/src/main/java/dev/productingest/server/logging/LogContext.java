package dev.productingest.server.logging;

import org.slf4j.MDC;

/**
 * The job and the stream the current thread works for, in the MDC while it does: the text layout prints them, the JSON
 * layout carries them as fields. Restores what was there before on close, so nested scopes on one thread (a writer
 * finishing a stream's batch) leave the outer one intact.
 */
public final class LogContext implements AutoCloseable {
    public static final String JOB = "job";
    public static final String STREAM = "stream";

    private final String previousJob;
    private final String previousStream;

    private LogContext(String job, String stream) {
        this.previousJob = MDC.get(JOB);
        this.previousStream = MDC.get(STREAM);
        put(JOB, LogText.of(job));
        put(STREAM, stream);
    }

    /** @param stream the stream's token, or null for work about a job and no stream */
    public static LogContext of(String job, Object stream) {
        return new LogContext(job, stream == null ? null : stream.toString());
    }

    @Override
    public void close() {
        put(JOB, previousJob);
        put(STREAM, previousStream);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
