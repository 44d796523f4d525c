package dev.productingest.server.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.TimeZone;

/**
 * Dropwizard's request-log line under a name ({@code layout: {type: access-text}}), beside its {@code access-json}:
 * {@code type: access-${LOG_FORMAT:-text}} then follows the same switch as the application's log.
 */
@JsonTypeName("access-text")
public final class AccessTextLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {
    @Override
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        return new LogbackAccessRequestLayout(context, timeZone);
    }
}
