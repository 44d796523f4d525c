package dev.productingest.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the loggers that print requests' headers, {@code authorization} among them, from logging
 * anything below INFO, whatever level they are given: gRPC's and Netty's frame loggers
 * ({@code io.grpc.netty.NettyServerHandler} at DEBUG prints every header frame) and Jetty's request
 * parsing; and the stores' clients, whose traces carry their passwords. Dropwizard's {@code log-level} task on the admin port, or a configuration file, could
 * otherwise make the server write its callers' credentials to its log. A logback turbo filter runs
 * before any level check, so a denied logger also answers {@code isDebugEnabled()} with false and
 * formats nothing.
 */
public final class HeaderLoggersFilter extends TurboFilter {
    // Redisson's and pgjdbc's connection loggers are held too: at DEBUG and below they trace the
    // commands and connection properties that carry the stores' passwords.
    static final List<String> HEADER_LOGGERS = List.of("io.grpc.netty", "io.netty", "org.eclipse.jetty", "org.redisson", "org.postgresql");
    private static final String NAME = "header-loggers-at-info";

    /**
     * Adds the filter to logback; call it after Dropwizard has configured logging, which resets
     * logback (and so removes filters added before). Once is enough: a second call adds nothing.
     */
    public static void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
            HeaderLoggersFilter filter = new HeaderLoggersFilter();
            filter.setName(NAME);
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.INFO) || !printsHeaders(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        return FilterReply.DENY;
    }

    static boolean printsHeaders(String loggerName) {
        for (String prefix : HEADER_LOGGERS) {
            if (loggerName.startsWith(prefix)
                    && (loggerName.length() == prefix.length() || loggerName.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
