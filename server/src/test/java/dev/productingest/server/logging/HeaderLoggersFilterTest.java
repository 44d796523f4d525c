package dev.productingest.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderLoggersFilterTest {
    @Test
    void theTransportsLoggersAndTheirChildrenAreHeaderLoggers() {
        assertThat(HeaderLoggersFilter.printsHeaders("io.grpc.netty.NettyServerHandler")).isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameLogger")).isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("io.netty")).isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("io.netty.handler.logging.LoggingHandler")).isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("org.eclipse.jetty.http.HttpParser")).isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("org.redisson.client.handler.CommandEncoder")).as("traces AUTH").isTrue();
        assertThat(HeaderLoggersFilter.printsHeaders("org.postgresql.core.v3.ConnectionFactoryImpl")).isTrue();
    }

    @Test
    void otherLoggersAreLeftAlone() {
        assertThat(HeaderLoggersFilter.printsHeaders("io.nettyish.Other")).isFalse();
        assertThat(HeaderLoggersFilter.printsHeaders("io.grpc.internal.ServerImpl")).isFalse();
        assertThat(HeaderLoggersFilter.printsHeaders("dev.productingest.server.jobs.JobLog")).isFalse();
        assertThat(HeaderLoggersFilter.printsHeaders("ROOT")).isFalse();
    }
}
