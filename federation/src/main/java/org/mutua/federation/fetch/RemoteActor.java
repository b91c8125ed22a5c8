package org.mutua.federation.fetch;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mutua.federation.vocab.CompactedJson;

/**
 * A remote actor, read from its compacted document and validated (FEDERATION.md §1.3, §1.5, §6 rows 14 and 31;
 * Mastodon app/services/activitypub/process_account_service.rb and fetch_remote_actor_service.rb): every IRI is
 * https (http only in development), the inbox is on the actor's host, a shared inbox on another registrable domain is
 * dropped, every key is owned/controlled by the actor and has its id on the actor's host. {@code preferredUsername} may be null. {@code url} is for display only, never identity (§6 row 26). Optional fields are
 * null when absent.
 */
public record RemoteActor(URI id, String type, String preferredUsername, String name, URI inbox, URI sharedInbox,
                          URI outbox, URI followers, URI following, List<ActorPublicKey> publicKeys,
                          List<ActorMultikey> assertionMethods, boolean manuallyApprovesFollowers, URI url) {

    static final Set<String> ACTOR_TYPES = Set.of("Person", "Group", "Application", "Service", "Organization");
    private static final int MAX_KEYS = 20;

    public RemoteActor {
        publicKeys = List.copyOf(publicKeys);
        assertionMethods = List.copyOf(assertionMethods);
    }

    /** @throws FetchException with an "actor-..." reason */
    public static RemoteActor parse(JsonObject doc, boolean allowHttp) {
        URI id = required(doc, "id", allowHttp);
        String type = null;
        for (Object t : CompactedJson.all(doc, "type")) {
            if (t instanceof String s && ACTOR_TYPES.contains(s)) {
                type = s;
                break;
            }
        }
        if (type == null) {
            throw new FetchException("actor-type");
        }
        // Optional here (some instance/relay actors have none; their keys still verify); WebFinger requires it.
        String username = CompactedJson.string(doc, "preferredUsername");
        if (username != null && (username.isBlank() || username.length() > 255)) {
            throw new FetchException("actor-preferred-username");
        }
        URI inbox = required(doc, "inbox", allowHttp);
        if (!RemoteUrls.sameHost(inbox, id)) {
            throw new FetchException("actor-inbox-host");
        }
        URI sharedInbox = null;
        for (JsonObject endpoints : CompactedJson.objects(doc, "endpoints")) {
            sharedInbox = optional(endpoints, "sharedInbox", allowHttp);
        }
        // A shared inbox elsewhere would have everything for this actor's followers sent to whomever it names; it is
        // ignored, not refused, since the personal inbox (checked above) still reaches the actor.
        if (sharedInbox != null && !RegistrableDomain.same(sharedInbox.getHost(), id.getHost())) {
            sharedInbox = null;
        }
        List<ActorPublicKey> keys = new ArrayList<>();
        for (JsonObject k : CompactedJson.objects(doc, "publicKey")) {
            URI keyId = required(k, "id", allowHttp);
            URI owner = required(k, "owner", allowHttp);
            checkKey(id, keyId, owner);
            String pem = CompactedJson.string(k, "publicKeyPem");
            if (pem == null) {
                throw new FetchException("actor-key-pem");
            }
            keys.add(new ActorPublicKey(keyId, owner, pem));
        }
        List<ActorMultikey> multikeys = new ArrayList<>();
        for (JsonObject m : CompactedJson.objects(doc, "assertionMethod")) {
            if (!CompactedJson.hasType(m, "Multikey")) {
                continue;
            }
            URI keyId = required(m, "id", allowHttp);
            URI controller = required(m, "controller", allowHttp);
            checkKey(id, keyId, controller);
            String multibase = CompactedJson.string(m, "publicKeyMultibase");
            if (multibase == null) {
                throw new FetchException("actor-key-multibase");
            }
            multikeys.add(new ActorMultikey(keyId, controller, multibase));
        }
        if (keys.size() + multikeys.size() > MAX_KEYS) {
            throw new FetchException("actor-too-many-keys");
        }
        return new RemoteActor(id, type, username, CompactedJson.string(doc, "name"), inbox, sharedInbox,
            optional(doc, "outbox", allowHttp), optional(doc, "followers", allowHttp), optional(doc, "following", allowHttp),
            keys, multikeys, CompactedJson.bool(doc, "manuallyApprovesFollowers"), optional(doc, "url", allowHttp));
    }

    /** The cavage key or Multikey with this exact id. */
    public Optional<Object> keyById(URI keyId) {
        for (ActorPublicKey k : publicKeys) {
            if (k.id().equals(keyId)) {
                return Optional.of(k);
            }
        }
        for (ActorMultikey m : assertionMethods) {
            if (m.id().equals(keyId)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static void checkKey(URI actorId, URI keyId, URI owner) {
        if (!owner.equals(actorId)) {
            throw new FetchException("actor-key-owner");
        }
        if (!RemoteUrls.sameHost(keyId, actorId)) {
            throw new FetchException("actor-key-host");
        }
    }

    private static URI required(JsonObject o, String key, boolean allowHttp) {
        URI u = optional(o, key, allowHttp);
        if (u == null) {
            throw new FetchException("actor-missing-" + key.toLowerCase(java.util.Locale.ROOT));
        }
        return u;
    }

    private static URI optional(JsonObject o, String key, boolean allowHttp) {
        String s = CompactedJson.iri(o, key);
        if (s == null) {
            return null;
        }
        try {
            return RemoteUrls.parse(s, allowHttp);
        } catch (FetchException e) {
            // file:, data:, gopher:, http: (§6 row 31) or a malformed IRI
            throw new FetchException("actor-bad-iri");
        }
    }
}
