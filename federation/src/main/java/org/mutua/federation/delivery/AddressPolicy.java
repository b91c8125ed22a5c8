package org.mutua.federation.delivery;

import io.vertx.core.Future;
import java.net.URI;

/**
 * Decides whether the delivery worker may connect to an inbox. The server plugs in its SSRF guard (public addresses
 * only, https only, FEDERATION.md §6 row 8); a refused target fails at once and is never dialled. A failed future is
 * treated as a transient error (e.g. DNS) and retried.
 */
@FunctionalInterface
public interface AddressPolicy {
    Future<Boolean> mayDial(URI target);
}
