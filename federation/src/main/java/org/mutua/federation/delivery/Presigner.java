package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.Rfc9421Signer;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.signatures.SignatureScheme;

/**
 * Signs deliveries on worker threads, never on the event loop: ahead of their turn for rows that wait in their lane,
 * and at sending time for the others.
 */
final class Presigner {
    /** A signature made ahead is used only this long; older ones are made again (the Date header must be recent). */
    static final Duration FRESH = Duration.ofSeconds(30);
    /** Rows signed ahead in one worker task. */
    private static final int CHUNK = 16;

    private record Presigned(SignatureScheme scheme, SignableRequest request, Instant signedAt) {
    }

    private final Vertx vertx;
    private final SignerDirectory signers;
    private final SchemeMemory schemes;
    private final DeliveryOptions options;
    private final DeliveryTimings timings;
    private final CavageSigner cavage;
    private final Rfc9421Signer rfc9421;

    /**
     * Signatures made ahead for held rows that wait in their lane, by row id; concurrent, as {@link #signature} may
     * run on the thread that completed the signer's key lookup.
     */
    private final Map<Long, Future<Presigned>> presigned = new ConcurrentHashMap<>();
    /** The last chunk signed ahead (touched on the worker's context): chunks run one after the other, so signing ahead takes one core at most. */
    private Future<?> tail = Future.succeededFuture();

    Presigner(Vertx vertx, SignerDirectory signers, SchemeMemory schemes, DeliveryOptions options, DeliveryTimings timings) {
        this.vertx = vertx;
        this.signers = signers;
        this.schemes = schemes;
        this.options = options;
        this.timings = timings;
        this.cavage = new CavageSigner(options.clock());
        this.rfc9421 = new Rfc9421Signer(options.clock());
    }

    /**
     * Signs rows that wait in their lane ahead of their turn, {@link #CHUNK} to a worker task and one task at a time,
     * with the scheme their host is known to take now: one hand-over to a worker thread and back per chunk instead of
     * per row (in a fan-out these hand-overs cost about a tenth of the node's CPU). A row whose turn comes first, or
     * whose scheme changed meanwhile, or whose signature is older than {@link #FRESH}, is signed when it is sent, as
     * before; a failed signing ahead only means that. Called on the worker's context.
     */
    void presign(List<ClaimedRow> rows) {
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<ClaimedRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            Map<String, Future<PrivateKey>> keys = new HashMap<>();
            Map<String, Future<SignatureScheme>> hostSchemes = new HashMap<>();
            for (ClaimedRow row : chunk) {
                keys.computeIfAbsent(row.signer(), signers::privateKey);
                hostSchemes.computeIfAbsent(row.host(), schemes::of);
            }
            List<Future<?>> lookups = new ArrayList<>(keys.values());
            lookups.addAll(hostSchemes.values());
            Future<Map<Long, Presigned>> signed = tail.transform(previous -> Future.all(lookups))
                .compose(x -> vertx.executeBlocking(() -> {
                    Map<Long, Presigned> out = new HashMap<>();
                    for (ClaimedRow row : chunk) {
                        PrivateKey key = keys.get(row.signer()).result();
                        if (key == null) {
                            continue;
                        }
                        SignatureScheme scheme = SchemeMemory.first(hostSchemes.get(row.host()).result());
                        // The time before signing, so a signature is never thought younger than its Date header
                        // (read after, a clock moved meanwhile made a stale signature look fresh).
                        Instant signedAt = options.clock().instant();
                        SignableRequest request = sign(row, URI.create(row.inbox()), scheme, key);
                        out.put(row.id(), new Presigned(scheme, request, signedAt));
                    }
                    return out;
                }, false));
            tail = signed;
            for (ClaimedRow row : chunk) {
                presigned.put(row.id(), signed.map(m -> m.get(row.id())));
            }
        }
    }

    /** The row signed with {@code scheme}: its signature made ahead when that one fits and is fresh, else a new one. */
    Future<SignableRequest> signature(ClaimedRow row, URI uri, SignatureScheme scheme, PrivateKey key) {
        Future<Presigned> ahead = presigned.remove(row.id());
        return ahead == null ? signNow(row, uri, scheme, key)
            : ahead.transform(p -> p.succeeded() && p.result() != null && p.result().scheme() == scheme
                && p.result().signedAt().plus(FRESH).isAfter(options.clock().instant())
                ? Future.succeededFuture(p.result().request())
                : signNow(row, uri, scheme, key));
    }

    /** Drops what was signed ahead for a row that will not be sent (now) by this run. */
    void forget(long id) {
        presigned.remove(id);
    }

    private Future<SignableRequest> signNow(ClaimedRow row, URI uri, SignatureScheme scheme, PrivateKey key) {
        return vertx.executeBlocking(() -> sign(row, uri, scheme, key), false);
    }

    private SignableRequest sign(ClaimedRow row, URI uri, SignatureScheme scheme, PrivateKey key) {
        SignableRequest unsigned = new SignableRequest("POST", uri,
            Map.of("Content-Type", List.of(ActivityPubMediaTypes.ACTIVITY_JSON)), row.body());
        long t = System.nanoTime();
        try {
            return scheme == SignatureScheme.CAVAGE
                ? cavage.signPost(unsigned, row.signer(), key)
                : rfc9421.signPost(unsigned, row.signer(), key);
        } finally {
            timings.sign.addAndGet(System.nanoTime() - t);
        }
    }
}
