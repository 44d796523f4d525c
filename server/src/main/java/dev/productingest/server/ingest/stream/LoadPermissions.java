package dev.productingest.server.ingest.stream;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Scope;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.LoadMode;
import io.grpc.Status;
import java.util.Locale;

/**
 * What a caller's scopes let a load ask for in its header: a SNAPSHOT needs {@code snapshot}, and a retire share above
 * the server's guard needs {@code admin}, since that share is all that stands between a truncated export and an emptied
 * catalog.
 *
 * @param retireGuard the server's {@code snapshot.maxRetiredShare}
 */
public record LoadPermissions(double retireGuard) {

    /** @throws io.grpc.StatusRuntimeException PERMISSION_DENIED naming what the caller lacks */
    void check(Caller caller, IngestHeader header) {
        if (header.getMode() == LoadMode.SNAPSHOT && !caller.has(Scope.SNAPSHOT)) {
            throw denied("credential '" + caller.name() + "' may not run SNAPSHOT loads: that needs the snapshot scope;"
                    + " load with mode UPSERT, or use a credential that has it");
        }
        if (header.hasMaxRetiredShare() && header.getMaxRetiredShare() > retireGuard && !caller.has(Scope.ADMIN)) {
            throw denied(String.format(
                    Locale.ROOT,
                    "max_retired_share %s is above this server's guard of %s"
                            + " (snapshot.maxRetiredShare): only a credential with the admin scope may raise it; ask for at most %s,"
                            + " or have an administrator run this load",
                    header.getMaxRetiredShare(),
                    retireGuard,
                    retireGuard));
        }
    }

    private static RuntimeException denied(String description) {
        return Status.PERMISSION_DENIED.withDescription(description).asRuntimeException();
    }
}
