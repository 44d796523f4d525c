package dev.productingest.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed list of server addresses as a gRPC name resolver, so that one channel balances its calls over all of them
 * (round robin) and passes over those that are down.
 */
final class AddressList extends NameResolver.Factory {
    static final String SCHEME = "product-ingest-servers";

    private final List<EquivalentAddressGroup> addresses;

    private AddressList(List<EquivalentAddressGroup> addresses) {
        this.addresses = addresses;
    }

    /** @param targets "host:port" each */
    static AddressList of(List<String> targets) {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (String target : targets) {
            int colon = target.lastIndexOf(':');
            if (colon <= 0 || colon == target.length() - 1) {
                throw new IllegalArgumentException("server address '" + target + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "server address '" + target + "' has no port number after the ':'", e);
            }
            groups.add(new EquivalentAddressGroup(new InetSocketAddress(target.substring(0, colon), port)));
        }
        return new AddressList(List.copyOf(groups));
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return "product-ingest";
            }

            @Override
            public void start(Listener2 listener) {
                listener.onResult(
                        ResolutionResult.newBuilder().setAddresses(addresses).build());
            }

            @Override
            public void shutdown() {}
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }
}
