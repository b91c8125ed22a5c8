package org.mutua.federation.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.federation.vocab.Ids;

/**
 * The structural checks of FEDERATION.md 4 that need no network: required members, schemes, ids on the actor's host
 * (Mastodon create.rb invalid_origin?, Lemmy verify_domains_match) and caps on arrays and nesting (6 row 21).
 */
public final class ActivityChecks {
    static final int MAX_AUDIENCE = 500;
    static final int MAX_TAGS = 100;
    static final int MAX_ALSO_KNOWN_AS = 20;
    static final int MAX_POLL_OPTIONS = 20;
    static final int MAX_DEPTH = 32;
    /**
     * Characters of HTML in one {@code content}, {@code summary} or {@code name} (and each language of their maps).
     * Mastodon's own posts stay far below (500 characters of text by default); the cap only stops pages of markup.
     */
    static final int MAX_TEXT = 100_000;
    /** Activities whose embedded object must live on the actor's host; Announce and Accept carry others' objects. */
    private static final Set<String> OWN_OBJECT_TYPES = Set.of(ActivityTypes.CREATE, ActivityTypes.UPDATE);

    private final boolean allowHttp;

    public ActivityChecks(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    /** The essentials of a well-formed activity, or a 400 naming what is wrong. */
    public InboundActivity check(JsonObject a, String inbox) {
        depth(a, 0);
        String id = string(a, "id");
        String type = string(a, "type");
        String actor = actorId(a);
        String actorHost = Hosts.of(actor, allowHttp).orElseThrow(() -> bad("actor is not an https IRI"));
        String idHost = Hosts.of(id, allowHttp).orElseThrow(() -> bad("id is not an https IRI"));
        if (!idHost.equals(actorHost)) {
            throw bad("activity id is not on the actor's host");
        }
        caps(a);
        Object object = a.getValue("object");
        if (object instanceof JsonObject o) {
            caps(o);
            if (OWN_OBJECT_TYPES.contains(type)) {
                String objectId = Ids.of(o);
                if (objectId == null || !Hosts.of(objectId, allowHttp).map(actorHost::equals).orElse(false)) {
                    throw bad("object id is not on the actor's host");
                }
                Object attributedTo = o.getValue("attributedTo");
                if (attributedTo != null && !actor.equals(Ids.ofSingle(attributedTo))) {
                    throw bad("attributedTo is not the activity's actor");
                }
            }
        } else if (object != null && !(object instanceof String) && !(object instanceof JsonArray)) {
            throw bad("object must be an IRI, an object or an array");
        }
        return new InboundActivity(id, type, actor, a, inbox);
    }

    /** Every IRI whose host a domain block could concern: actor, object, inReplyTo, to, cc (GtS access_control.md). */
    public List<String> referencedHosts(InboundActivity act) {
        List<String> iris = new ArrayList<>();
        iris.add(act.actor());
        collect(act.activity(), iris);
        JsonObject o = act.embeddedObject();
        if (o != null) {
            collect(o, iris);
        } else if (act.objectId() != null) {
            iris.add(act.objectId());
        }
        List<String> hosts = new ArrayList<>();
        for (String iri : iris) {
            Hosts.of(iri, true).map(Hosts::hostOnly).ifPresent(hosts::add);
        }
        return hosts;
    }

    private static void collect(JsonObject o, List<String> iris) {
        for (String field : List.of("to", "cc", "inReplyTo")) {
            Object v = o.getValue(field);
            if (v instanceof String s) {
                iris.add(s);
            } else if (v instanceof JsonArray arr) {
                arr.forEach(x -> { if (x instanceof String s) iris.add(s); });
            }
        }
    }

    private static String actorId(JsonObject a) {
        String id = Ids.ofSingle(a.getValue("actor"));
        if (id == null) {
            throw bad("actor is missing");
        }
        return id;
    }

    private static String string(JsonObject a, String field) {
        Object v = a.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw bad(field + " is missing");
        }
        return s;
    }

    private static void caps(JsonObject o) {
        if (count(o, "to") + count(o, "cc") + count(o, "bto") + count(o, "bcc") > MAX_AUDIENCE) {
            throw bad("more than " + MAX_AUDIENCE + " addressees");
        }
        if (count(o, "tag") > MAX_TAGS) {
            throw bad("more than " + MAX_TAGS + " tags");
        }
        if (count(o, "alsoKnownAs") > MAX_ALSO_KNOWN_AS) {
            throw bad("more than " + MAX_ALSO_KNOWN_AS + " alsoKnownAs");
        }
        if (count(o, "oneOf") > MAX_POLL_OPTIONS || count(o, "anyOf") > MAX_POLL_OPTIONS) {
            throw bad("more than " + MAX_POLL_OPTIONS + " poll options");
        }
        for (String field : new String[] {"content", "summary", "name"}) {
            if (tooLong(o.getValue(field)) || tooLong(o.getValue(field + "Map"))) {
                throw bad(field + " is longer than " + MAX_TEXT + " characters");
            }
        }
    }

    private static boolean tooLong(Object v) {
        if (v instanceof String s) {
            return s.length() > MAX_TEXT;
        }
        if (v instanceof JsonObject map) {
            return map.stream().anyMatch(e -> tooLong(e.getValue()));
        }
        return false;
    }

    private static int count(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v == null ? 0 : v instanceof JsonArray a ? a.size() : 1;
    }

    private static void depth(Object v, int level) {
        if (level > MAX_DEPTH) {
            throw bad("JSON nested deeper than " + MAX_DEPTH);
        }
        if (v instanceof JsonObject o) {
            for (String k : o.fieldNames()) {
                depth(o.getValue(k), level + 1);
            }
        } else if (v instanceof JsonArray a) {
            for (Object x : a) {
                depth(x, level + 1);
            }
        }
    }

    private static InboxRefusal bad(String reason) {
        return new InboxRefusal(400, reason);
    }
}
