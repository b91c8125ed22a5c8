package org.mutua.federation.delivery;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import org.mutua.federation.fetch.AddressGuard;
import org.mutua.federation.fetch.FetchException;

/**
 * Decides whether the delivery worker may connect to an inbox, and to which address. The server plugs in its SSRF
 * guard (public addresses only, https only, FEDERATION.md §6 row 8). The POST goes to exactly the address answered
 * here, the inbox's name only going into Host, SNI and the certificate check, so a name that resolves to a public
 * address for the check and to 127.0.0.1 a moment later (DNS rebinding) cannot reach loopback. An empty answer
 * refuses the target: it fails at once and is never dialled. A failed future is treated as a transient error (e.g.
 * DNS) and retried.
 */
@FunctionalInterface
public interface AddressPolicy {
    Future<Optional<InetAddress>> addressOf(URI inbox);

    /**
     * The fetch guard as the delivery policy: the address it checked is the one dialled; a blocked address or an
     * inbox URL it would never dial is refused; a name that does not resolve is retried later, as any network error.
     */
    static AddressPolicy guardedBy(AddressGuard guard) {
        return inbox -> guard.check(inbox)
            .map(target -> Optional.of(target.address()))
            .recover(e -> e instanceof FetchException f && "dns".equals(f.reason())
                ? Future.failedFuture(e) : Future.succeededFuture(Optional.empty()));
    }
}
