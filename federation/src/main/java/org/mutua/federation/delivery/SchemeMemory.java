package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mutua.federation.signatures.SignatureScheme;

/**
 * The signature scheme each host is known to take (FEDERATION.md §2, double-knocking), so that a host which answered
 * an RFC 9421 signature is not knocked at with draft-cavage first every time. Written to {@code federation_host_state}
 * with the deliveries ({@link Outcomes#DELIVERED_SQL}); read from there at most once a minute per host and process.
 */
final class SchemeMemory {
    static final String REMEMBERED_SCHEME_SQL = """
        SELECT signature_scheme FROM federation_host_state
         WHERE host = $1 AND signature_scheme IS NOT NULL
           AND scheme_remembered_at > now() - make_interval(secs => $2)""";

    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Remembered(SignatureScheme scheme, long readAt) {
    }

    /** Concurrent: presigning reads it from the context, deliveries write it from wherever their record completes. */
    private final Map<String, Remembered> schemes = new ConcurrentHashMap<>();
    private final Pool pool;
    private final DeliveryOptions options;

    SchemeMemory(Pool pool, DeliveryOptions options) {
        this.pool = pool;
        this.options = options;
    }

    /**
     * The scheme remembered for a host, or null for none: what this worker learns itself is kept at once, what
     * another process learnt is seen within a minute (until then, at worst one double-knock).
     */
    Future<SignatureScheme> of(String host) {
        Remembered known = schemes.get(host);
        if (known != null && System.nanoTime() - known.readAt() < CACHE_NANOS) {
            return Future.succeededFuture(known.scheme());
        }
        return pool.preparedQuery(REMEMBERED_SCHEME_SQL).execute(Tuple.of(host, DeliveryOptions.seconds(options.schemeMemory())))
            .map(rs -> {
                SignatureScheme scheme = null;
                if (rs.size() > 0) {
                    scheme = "rfc9421".equals(rs.iterator().next().getString(0)) ? SignatureScheme.RFC9421 : SignatureScheme.CAVAGE;
                }
                schemes.put(host, new Remembered(scheme, System.nanoTime()));
                return scheme;
            });
    }

    /** A host took a request signed with {@code scheme}. */
    void learnt(String host, SignatureScheme scheme) {
        schemes.put(host, new Remembered(scheme, System.nanoTime()));
    }

    /** The first scheme to knock with: the remembered one, else draft-cavage (what most of the fediverse takes). */
    static SignatureScheme first(SignatureScheme remembered) {
        return remembered == null ? SignatureScheme.CAVAGE : remembered;
    }

    /** The scheme of the second knock, after a 400 or 401 to the first. */
    static SignatureScheme other(SignatureScheme scheme) {
        return scheme == SignatureScheme.CAVAGE ? SignatureScheme.RFC9421 : SignatureScheme.CAVAGE;
    }

    /** The scheme's name in {@code federation_host_state.signature_scheme}. */
    static String name(SignatureScheme scheme) {
        return scheme == null ? null : scheme == SignatureScheme.RFC9421 ? "rfc9421" : "cavage";
    }
}
