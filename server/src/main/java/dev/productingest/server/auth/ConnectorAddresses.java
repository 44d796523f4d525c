package dev.productingest.server.auth;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets where the web server's connectors listen, before the server is built: the application connectors where the
 * credentials allow ({@link ListenPolicy}), the admin connectors on loopback unless told otherwise. A server or
 * connector type whose address this cannot set stops the server, rather than let it listen on every interface
 * unchecked.
 */
public final class ConnectorAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorAddresses.class);

    private final ListenPolicy listen;

    public ConnectorAddresses(ListenPolicy listen) {
        this.listen = listen;
    }

    /**
     * @throws IllegalStateException for a server type other than {@code default}, or a connector that is no HTTP(S) one
     */
    public void bind(ServerFactory factory) {
        if (!(factory instanceof DefaultServerFactory server)) {
            throw new IllegalStateException(
                    "server.type must be 'default': its admin port is apart from the application port and"
                            + " listens on loopback; another server type would serve the admin pages beside the application");
        }
        for (ConnectorFactory connector : server.getApplicationConnectors()) {
            HttpConnectorFactory application = http(connector, "server.applicationConnectors");
            application.setBindHost(
                    listen.host(application.getBindHost(), "server.applicationConnectors bindHost (HTTP_HOST)"));
        }
        for (ConnectorFactory connector : server.getAdminConnectors()) {
            HttpConnectorFactory admin = http(connector, "server.adminConnectors");
            admin.setBindHost(ListenPolicy.privilegedHost(admin.getBindHost()));
            if (!ListenPolicy.isLoopback(admin.getBindHost())) {
                LOG.warn(
                        "the admin port listens on {}, beyond loopback: whoever reaches it may change log levels, run tasks and read"
                                + " every metric, with no credential; keep it on a private network (docs/security.md)",
                        admin.getBindHost());
            }
        }
    }

    private static HttpConnectorFactory http(ConnectorFactory connector, String setting) {
        if (connector instanceof HttpConnectorFactory http) {
            return http;
        }
        throw new IllegalStateException(setting + " has a connector of type "
                + connector.getClass().getSimpleName() + ", whose address this server cannot set; use http or https");
    }
}
