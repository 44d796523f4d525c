package dev.productingest.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretLoggersFilterTest {
    @Test
    void theTransportsAndStoresLoggersAndTheirChildrenPrintSecrets() {
        assertThat(SecretLoggersFilter.printsSecrets("io.grpc.netty.NettyServerHandler"))
                .isTrue();
        assertThat(SecretLoggersFilter.printsSecrets(
                        "io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameLogger"))
                .isTrue();
        assertThat(SecretLoggersFilter.printsSecrets("io.netty")).isTrue();
        assertThat(SecretLoggersFilter.printsSecrets("io.netty.handler.logging.LoggingHandler"))
                .isTrue();
        assertThat(SecretLoggersFilter.printsSecrets("org.eclipse.jetty.http.HttpParser"))
                .isTrue();
        assertThat(SecretLoggersFilter.printsSecrets("org.redisson.client.handler.CommandEncoder"))
                .as("traces AUTH")
                .isTrue();
        assertThat(SecretLoggersFilter.printsSecrets("org.postgresql.core.v3.ConnectionFactoryImpl"))
                .isTrue();
    }

    @Test
    void otherLoggersAreLeftAlone() {
        assertThat(SecretLoggersFilter.printsSecrets("io.nettyish.Other")).isFalse();
        assertThat(SecretLoggersFilter.printsSecrets("io.grpc.internal.ServerImpl"))
                .isFalse();
        assertThat(SecretLoggersFilter.printsSecrets("dev.productingest.server.jobs.JobLog"))
                .isFalse();
        assertThat(SecretLoggersFilter.printsSecrets("ROOT")).isFalse();
    }
}
