package dev.productingest.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * What this JVM logs from now on, each event as its message followed by its exception's text (the class, message and
 * stack trace of it and its causes), as an operator would read it. Opened after the server under test has started:
 * Dropwizard resets logging as an application starts.
 */
public final class CapturedLog implements AutoCloseable {
    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final Appender appender = new Appender();
    private final Logger root;

    private CapturedLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.setName("captured-log-" + System.identityHashCode(this));
        appender.start();
        root.addAppender(appender);
    }

    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** Every event so far, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Every event so far as one text. */
    public String text() {
        return String.join("\n", events);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            IThrowableProxy thrown = event.getThrowableProxy();
            events.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage()
                    + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown)));
        }
    }
}
