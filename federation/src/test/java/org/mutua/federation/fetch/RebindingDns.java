package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS rebinding attacker for one name: the guard's first lookup answers {@link #CHECKED}, the only address the guard
 * lets through (it plays a public peer), every later lookup answers {@link #INTERNAL}, which is blocked as in
 * production. The Vert.x made with {@link #connectTimeAnswer} resolves the name to {@link #INTERNAL} too, so a client
 * that resolved the name again when connecting, instead of dialling the checked address, would reach the internal
 * listener. Both listeners are on loopback (Linux routes all of 127.0.0.0/8 there), on the same port.
 */
public final class RebindingDns {
    public static final InetAddress CHECKED = address(127, 0, 0, 2);
    public static final InetAddress INTERNAL = address(127, 0, 0, 1);

    public final String name;
    public final AtomicInteger lookups = new AtomicInteger();

    public RebindingDns(String name) {
        this.name = name;
    }

    /** What the guard asks: the checked address once, the internal one ever after. */
    public HostResolver resolver() {
        return host -> {
            if (!host.equals(name)) {
                return Future.failedFuture(new UnknownHostException(host));
            }
            return Future.succeededFuture(List.of(lookups.getAndIncrement() == 0 ? CHECKED : INTERNAL));
        };
    }

    /** http allowed; only {@link #CHECKED} counts as public, every other private or reserved address is blocked. */
    public AddressGuard guard() {
        return new AddressGuard(resolver(), true, a -> a.equals(CHECKED) || !BlockedAddresses.isBlocked(a));
    }

    /** Vert.x options whose own resolver answers {@link #INTERNAL} for the name: what a second lookup would get. */
    public VertxOptions connectTimeAnswer() {
        return new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
            .setHostsValue(Buffer.buffer(INTERNAL.getHostAddress() + " " + name + "\n")));
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
