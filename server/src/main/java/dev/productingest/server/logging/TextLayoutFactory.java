package dev.productingest.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;

/**
 * Dropwizard's one-line text layout under a name ({@code layout: {type: text}}), so that {@code config.yml} can choose
 * between it and {@code json} from the environment (LOG_FORMAT). Its default format also names the job and stream a
 * line is about, from the MDC, when there is one.
 */
@JsonTypeName("text")
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {
    // "job=… stream=… " after the logger; an empty part is left out (a job's end has no stream left).
    static final String DEFAULT_FORMAT =
            "%-5p [%d{ISO8601,UTC}] %c: %replace(job=%X{job} stream=%X{stream} ){'^job= stream= $|(?<= )stream= $', ''}"
                    + "%m%n%rEx";

    @JsonProperty
    private String format = DEFAULT_FORMAT;

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        DropwizardLayout layout = new DropwizardLayout(context, timeZone);
        layout.setPattern(format);
        return layout;
    }
}
