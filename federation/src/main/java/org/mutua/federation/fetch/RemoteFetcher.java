package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.Rfc9421Signer;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.vocab.Ids;

/**
 * The one way the node dereferences remote ActivityPub documents. Every GET is signed with draft-cavage (FEDERATION.md
 * §2 "Signed GETs": cavage first, always), goes through {@link AddressGuard} and the per-domain budget on every hop,
 * and is bounded in time and size ({@link FetchLimits}). The document's {@code id} must equal the URL it came from,
 * and a redirect must stay on the requested host; a document that came unredirected with another id is fetched once
 * more by its {@code id} when that is on the same host, then dropped; a redirected one with another id is dropped at
 * once (§6 row 12, CVE-2024-23832; Mastodon app/helpers/jsonld_helper.rb {@code fetch_resource}).
 */
public final class RemoteFetcher {
    private final AddressGuard guard;
    private final GuardedHttp http;
    private final HttpClient client;
    private final CavageSigner signer;
    private final Rfc9421Signer rfc9421Signer;
    private final Signer instanceActor;
    private final String userAgent;

    /**
     * @param instanceActor the default signer (may be null: then only {@link FetchOptions#unsigned()} and
     *     {@link FetchOptions#onBehalfOf(Signer)} work)
     */
    public RemoteFetcher(Vertx vertx, AddressGuard guard, FetchLimits limits, Signer instanceActor, Clock clock) {
        this(vertx, guard, limits, instanceActor, clock, "Mutua/0.1");
    }

    public RemoteFetcher(Vertx vertx, AddressGuard guard, FetchLimits limits, Signer instanceActor, Clock clock, String userAgent) {
        this(vertx, guard, limits, instanceActor, clock, userAgent, new HttpClientOptions());
    }

    /** {@code clientOptions} lets tests trust a test CA; TLS host verification and SNI are always forced on. */
    RemoteFetcher(Vertx vertx, AddressGuard guard, FetchLimits limits, Signer instanceActor, Clock clock, String userAgent,
                  HttpClientOptions clientOptions) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.instanceActor = instanceActor;
        this.signer = new CavageSigner(clock);
        this.rfc9421Signer = new Rfc9421Signer(clock);
        this.userAgent = userAgent;
        // Redirects, decompression and Accept-Encoding are ours to control (see GuardedHttp, BoundedBody). The
        // connection goes to the checked address while SNI and the certificate check use the name.
        this.client = vertx.createHttpClient(new HttpClientOptions(clientOptions)
            .setConnectTimeout((int) limits.connectTimeout().toMillis())
            .setDecompressionSupported(false)
            .setTrustAll(false)
            .setVerifyHost(true)
            .setForceSni(true)
            .setMaxPoolSize(8));
        this.http = new GuardedHttp(vertx, client, guard, new DomainFetchBudget(limits.fetchesPerDomainPerMinute(), clock), limits);
    }

    public AddressGuard guard() {
        return guard;
    }

    /** Signed as the instance actor. */
    public Future<FetchedDocument> fetch(URI url) {
        return fetch(url, FetchOptions.asInstanceActor());
    }

    public Future<FetchedDocument> fetch(URI url, FetchOptions options) {
        Signer by;
        try {
            by = options.signed() ? signerFor(options) : null;
        } catch (FetchException e) {
            return Future.failedFuture(e);
        }
        URI requested;
        try {
            requested = guard.normalize(url);
        } catch (FetchException e) {
            return Future.failedFuture(e);
        }
        return fetchOnce(requested, by, options.totalTimeout()).compose(doc -> {
            URI id = idOf(doc.json());
            if (servedAtItsId(requested, doc, id)) {
                return Future.succeededFuture(doc);
            }
            // A redirect already was the server's word on where the document lives: one whose document names yet
            // another id is refused, not followed a second time.
            boolean redirected = !doc.finalUrl().equals(requested);
            if (redirected || !RemoteUrls.sameHost(id, doc.finalUrl()) || id.getRawFragment() != null) {
                return Future.failedFuture(new FetchException("id-mismatch"));
            }
            // Once, and only on the same host: the copy at the id is authoritative, this one was not.
            return fetchOnce(id, by, options.totalTimeout()).compose(second -> servedAtItsId(id, second, idOf(second.json()))
                ? Future.succeededFuture(second) : Future.failedFuture(new FetchException("id-mismatch")));
        });
    }

    /**
     * The document's id is the URL it was served from, and that URL is the one asked for or, after redirects, on the
     * same host (§6 row 12): a redirect may move a document within its server ({@code /@alice} to
     * {@code /users/alice}), never hand over another server's.
     */
    private static boolean servedAtItsId(URI requested, FetchedDocument doc, URI id) {
        return id.equals(doc.finalUrl()) && (doc.finalUrl().equals(requested) || RemoteUrls.sameHost(doc.finalUrl(), requested));
    }

    /** WebFinger and other unsigned JSON resources: same guard and limits, different content types. */
    Future<GuardedHttp.Response> getUnsigned(URI url, String accept, Predicate<String> contentTypeOk) {
        return http.get(url, u -> headers(u, accept, null, false), contentTypeOk, null);
    }

    public void close() {
        client.close();
    }

    /**
     * Signed GETs go out with draft-cavage first, always (Mastodon PR #39756: some servers answer an unknown scheme with
     * a stripped actor rather than an error); a 401 is knocked once more with RFC 9421 (FEDERATION.md 2).
     */
    private Future<FetchedDocument> fetchOnce(URI url, Signer by, Duration timeout) {
        return http.get(url, u -> headers(u, FetchMediaTypes.ACCEPT_ACTIVITY, by, false), FetchMediaTypes::isActivityPub, timeout)
            .recover(err -> by != null && err instanceof FetchException f && "http-401".equals(f.reason())
                ? http.get(url, u -> headers(u, FetchMediaTypes.ACCEPT_ACTIVITY, by, true), FetchMediaTypes::isActivityPub, timeout)
                : Future.failedFuture(err))
            .compose(r -> {
                try {
                    return Future.succeededFuture(new FetchedDocument(r.finalUrl(), parseObject(r.body())));
                } catch (FetchException e) {
                    return Future.failedFuture(e);
                }
            });
    }

    private Signer signerFor(FetchOptions options) {
        Signer s = options.signer() != null ? options.signer() : instanceActor;
        if (s == null) {
            throw new FetchException("no-signer");
        }
        return s;
    }

    private MultiMap headers(URI url, String accept, Signer by, boolean rfc9421) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.set("Accept", accept);
        h.set("Accept-Encoding", "gzip");
        h.set("User-Agent", userAgent);
        if (by == null) {
            return h;
        }
        SignableRequest unsigned = new SignableRequest("GET", url, Map.of("Accept", List.of(accept)), null);
        SignableRequest signed = rfc9421 ? rfc9421Signer.signGet(unsigned, by.keyId(), by.privateKey())
            : signer.signGet(unsigned, by.keyId(), by.privateKey());
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                h.set(name, values.get(0));
            }
        });
        return h;
    }

    /** The document's {@code id}, normalised; https only unless http is allowed (§1.5, §6 row 31). */
    private URI idOf(JsonObject json) {
        String id = Ids.of(json);
        if (id == null) {
            throw new FetchException("missing-id");
        }
        return RemoteUrls.parse(id, guard.allowHttp());
    }

    static JsonObject parseObject(Buffer body) {
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException | ClassCastException e) {
            // fall through: the message could quote the body, so it is not kept
        }
        throw new FetchException("bad-json");
    }
}
