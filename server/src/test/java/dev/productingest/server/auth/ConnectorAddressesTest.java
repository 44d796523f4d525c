package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorAddressesTest {
    private static final ConnectorAddresses WITHOUT_CREDENTIALS =
            new ConnectorAddresses(new ListenPolicy(Credentials.none()));

    @Test
    void withoutACredentialTheApplicationAndAdminConnectorsBindLoopback() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory application = new HttpConnectorFactory();
        HttpConnectorFactory admin = new HttpConnectorFactory();
        server.setApplicationConnectors(List.of(application));
        server.setAdminConnectors(List.of(admin));

        WITHOUT_CREDENTIALS.bind(server);

        assertThat(application.getBindHost()).isEqualTo("127.0.0.1");
        assertThat(admin.getBindHost())
                .as("the admin port, whatever credentials exist")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void anAdminPortToldToListenElsewhereIsLeftThere() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory admin = new HttpConnectorFactory();
        admin.setBindHost("0.0.0.0");
        server.setApplicationConnectors(List.of(new HttpConnectorFactory()));
        server.setAdminConnectors(List.of(admin));

        WITHOUT_CREDENTIALS.bind(server);

        assertThat(admin.getBindHost())
                .as("warned of at every start, not refused")
                .isEqualTo("0.0.0.0");
    }

    @Test
    void aServerTypeThatServesTheAdminPagesBesideTheApplicationStopsTheServer() {
        assertThatThrownBy(() -> WITHOUT_CREDENTIALS.bind(new SimpleServerFactory()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.type must be 'default'");
    }
}
