package org.mutua.federation.actor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.mutua.federation.jsonld.MutuaContext;

/**
 * Renders local actor documents exactly as FEDERATION.md §1.3 shows them (key order included, so diffs against the
 * spec stay readable). Shape follows Mastodon app/serializers/activitypub/actor_serializer.rb; the reduced form
 * follows Mastodon AccountsController#restrict_fields_to.
 */
public final class ActorDocuments {
    public static final String ACTIVITYSTREAMS = org.mutua.federation.vocab.ActivityStreams.CONTEXT;
    public static final String SECURITY_V1 = "https://w3id.org/security/v1";
    public static final String MULTIKEY_V1 = "https://w3id.org/security/multikey/v1";

    private final boolean allowHttp;

    /** @param allowHttp MUTUA_DEV_ALLOW_HTTP: accept http: ids (loopback tests only, §1.5) */
    public ActorDocuments(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    /** The full document served to signed GETs (or to everyone with authorized fetch off). */
    public JsonObject full(LocalActorProfile p) {
        checkSchemes(p);
        if (p.type() == ActorType.Application) {
            return application(p);
        }
        JsonObject doc = new JsonObject()
            .put("@context", context())
            .put("id", p.id())
            .put("type", p.type().name())
            .put("preferredUsername", p.preferredUsername())
            .put("name", p.name())
            .put("summary", p.summaryHtml())
            .put("url", p.url())
            .put("published", p.published().truncatedTo(ChronoUnit.SECONDS).toString())
            .put("inbox", p.inbox())
            .put("outbox", p.outbox())
            .put("followers", p.followers())
            .put("following", p.following());
        p.featured().ifPresent(v -> doc.put("featured", v));
        p.attributedTo().ifPresent(v -> doc.put("attributedTo", v));
        doc.put("endpoints", endpoints(p))
            .put("manuallyApprovesFollowers", p.manuallyApprovesFollowers())
            .put("discoverable", p.discoverable())
            .put("indexable", p.indexable());
        p.groupKind().ifPresent(v -> doc.put("ma:groupKind", v));
        p.members().ifPresent(v -> doc.put("ma:members", v));
        p.icon().ifPresent(i -> doc.put("icon", new JsonObject().put("type", "Image").put("mediaType", i.mediaType()).put("url", i.url())));
        return doc.put("publicKey", publicKey(p)).put("assertionMethod", assertionMethod(p));
    }

    /**
     * What an unsigned GET gets in authorized-fetch mode: enough to verify signatures, nothing more, so mutual key
     * fetches between two authorized-fetch servers never deadlock. The instance actor is always served in full.
     */
    public JsonObject reduced(LocalActorProfile p) {
        checkSchemes(p);
        if (p.type() == ActorType.Application) {
            return application(p);
        }
        return new JsonObject()
            .put("@context", context())
            .put("id", p.id())
            .put("type", p.type().name())
            .put("preferredUsername", p.preferredUsername())
            .put("inbox", p.inbox())
            .put("outbox", p.outbox())
            .put("endpoints", endpoints(p))
            .put("publicKey", publicKey(p))
            .put("assertionMethod", assertionMethod(p));
    }

    /** Instance actor: Mastodon app/controllers/instance_actors_controller.rb plus FEP-844e {@code implements}. */
    private JsonObject application(LocalActorProfile p) {
        JsonObject doc = new JsonObject()
            .put("@context", context())
            .put("id", p.id())
            .put("type", ActorType.Application.name())
            .put("preferredUsername", p.preferredUsername())
            .put("inbox", p.inbox())
            .put("outbox", p.outbox())
            .put("url", p.url() == null ? p.id() : p.url())
            .put("endpoints", endpoints(p))
            .put("manuallyApprovesFollowers", true)
            .put("publicKey", publicKey(p))
            .put("assertionMethod", assertionMethod(p));
        JsonArray specs = new JsonArray();
        p.implementsSpecs().forEach(s -> specs.add(new JsonObject().put("href", s.href()).put("name", s.name())));
        return doc.put("implements", specs);
    }

    private static JsonArray context() {
        return new JsonArray().add(ACTIVITYSTREAMS).add(SECURITY_V1).add(MULTIKEY_V1).add(MutuaContext.inlineTerms());
    }

    private static JsonObject endpoints(LocalActorProfile p) {
        JsonObject endpoints = new JsonObject();
        if (p.sharedInbox() != null) {
            endpoints.put("sharedInbox", p.sharedInbox());
        }
        return endpoints;
    }

    private static JsonObject publicKey(LocalActorProfile p) {
        return new JsonObject().put("id", p.id() + "#main-key").put("owner", p.id()).put("publicKeyPem", p.publicKeyPem());
    }

    private static JsonArray assertionMethod(LocalActorProfile p) {
        return new JsonArray().add(new JsonObject().put("id", p.id() + "#ed25519-key").put("type", "Multikey")
            .put("controller", p.id()).put("publicKeyMultibase", p.ed25519Multibase()));
    }

    /** FEDERATION.md §1.5: everything emitted is https: unless the development switch is on. */
    private void checkSchemes(LocalActorProfile p) {
        String[] iris = {p.id(), p.url(), p.inbox(), p.outbox(), p.followers(), p.following(), p.sharedInbox(),
            p.featured().orElse(null), p.attributedTo().orElse(null), p.members().orElse(null),
            p.icon().map(ActorIcon::url).orElse(null)};
        for (String iri : iris) {
            if (iri == null) {
                continue;
            }
            String lower = iri.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("https://") && !(allowHttp && lower.startsWith("http://"))) {
                throw new IllegalArgumentException("actor IRIs must be https: (FEDERATION.md §1.5), got " + iri);
            }
        }
    }
}
