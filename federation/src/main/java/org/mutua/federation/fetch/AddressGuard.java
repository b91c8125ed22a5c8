package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether a URL may be dialled (FEDERATION.md §1.5, §6 rows 8 and 14) and pins the address that was checked.
 * Like Mastodon app/lib/request.rb {@code Request::Socket.open}, every resolved address is checked and one blocked
 * address refuses the whole name, so a name that also resolves to 127.0.0.1 cannot be used to reach it.
 */
public final class AddressGuard {
    private static final Pattern IPV4_LITERAL = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");

    private final HostResolver resolver;
    private final boolean allowHttp;
    private final Predicate<InetAddress> mayDial;

    /** The server passes MUTUA_DEV_ALLOW_HTTP and MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES, both off in production. */
    public AddressGuard(Vertx vertx, boolean allowHttp, boolean allowPrivateAddresses) {
        this(HostResolver.system(vertx), allowHttp, allowPrivateAddresses);
    }

    public AddressGuard(HostResolver resolver, boolean allowHttp, boolean allowPrivateAddresses) {
        this(resolver, allowHttp, allowPrivateAddresses ? a -> true : a -> !BlockedAddresses.isBlocked(a));
    }

    /** For tests that need one loopback server to count as public while everything else stays blocked. */
    AddressGuard(HostResolver resolver, boolean allowHttp, Predicate<InetAddress> mayDial) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowHttp = allowHttp;
        this.mayDial = Objects.requireNonNull(mayDial, "mayDial");
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    /** Syntax only, no DNS: see {@link RemoteUrls#normalize(URI, boolean)}. */
    public URI normalize(URI url) {
        return RemoteUrls.normalize(url, allowHttp);
    }

    /** Normalises, resolves off the event loop and checks every address; fails with "blocked-address" or "dns". */
    public Future<DialTarget> check(URI url) {
        URI normal;
        try {
            normal = normalize(url);
        } catch (FetchException e) {
            return Future.failedFuture(e);
        }
        String host = normal.getHost();
        boolean tls = normal.getScheme().equals("https");
        int port = normal.getPort() != -1 ? normal.getPort() : tls ? 443 : 80;
        Future<List<InetAddress>> addresses;
        InetAddress literal;
        try {
            literal = literal(host);
        } catch (FetchException e) {
            return Future.failedFuture(e);
        }
        if (literal != null) {
            addresses = Future.succeededFuture(List.of(literal));
        } else {
            addresses = resolver.resolve(host).recover(e -> Future.failedFuture(new FetchException("dns")));
        }
        return addresses.compose(list -> {
            if (list == null || list.isEmpty()) {
                return Future.failedFuture(new FetchException("dns"));
            }
            for (InetAddress a : list) {
                if (!mayDial.test(a)) {
                    return Future.failedFuture(new FetchException("blocked-address"));
                }
            }
            return Future.succeededFuture(new DialTarget(normal, tls, host, port, bare(list.get(0))));
        });
    }

    /** IP literals are checked as written, never passed to a resolver. */
    private static InetAddress literal(String host) {
        try {
            if (host.startsWith("[")) {
                return InetAddress.getByName(host.substring(1, host.length() - 1));
            }
            if (IPV4_LITERAL.matcher(host).matches()) {
                return InetAddress.getByName(host);
            }
        } catch (UnknownHostException e) {
            throw new FetchException("bad-host");
        }
        return null;
    }

    /** The address without its host name, so nothing downstream is tempted to resolve the name again. */
    private static InetAddress bare(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
