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
 * Keeps the loggers that can print secrets from logging anything below INFO, whatever level they are given: gRPC's and
 * Netty's frame loggers ({@code io.grpc.netty.NettyServerHandler} at DEBUG prints every header frame,
 * {@code authorization} among them), Jetty's request parsing, and the stores' clients, whose traces carry their
 * passwords. Dropwizard's {@code log-level} task on the admin port, or a configuration file, could otherwise make the
 * server write credentials to its log. A logback turbo filter runs before any level check, so a denied logger also
 * answers {@code isDebugEnabled()} with false and formats nothing.
 */
public final class SecretLoggersFilter extends TurboFilter {
    // Redisson's and pgjdbc's connection loggers are held too: at DEBUG and below they trace the
    // commands and connection properties that carry the stores' passwords.
    static final List<String> SECRET_LOGGERS =
            List.of("io.grpc.netty", "io.netty", "org.eclipse.jetty", "org.redisson", "org.postgresql");
    private static final String NAME = "secret-loggers-at-info";

    /**
     * Adds the filter to logback; call it after Dropwizard has configured logging, which resets logback (and so removes
     * filters added before). Once is enough: a second call adds nothing.
     */
    public static void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
            SecretLoggersFilter filter = new SecretLoggersFilter();
            filter.setName(NAME);
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.INFO) || !printsSecrets(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        return FilterReply.DENY;
    }

    static boolean printsSecrets(String loggerName) {
        for (String prefix : SECRET_LOGGERS) {
            if (loggerName.startsWith(prefix)
                    && (loggerName.length() == prefix.length() || loggerName.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
