package org.mutua.federation.inbox;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox registry: each feature registers, at start-up, the listeners it owns, each under an {@link InboxKey}
 * (Fedify's setInboxListeners().on(Follow, …), typed further by object). An activity goes to exactly one listener,
 * the one with the narrowest key it matches:
 * <ol>
 *   <li>activity type, embedded object type and its {@code ma:kind} (read through Mutua's context, so under any
 *       prefix: {@link InboundActivity#kind()});</li>
 *   <li>activity type and embedded object type; for an object that is only an IRI, the type the features'
 *       {@link ObjectTypeLookup}s know it by (an {@code Undo} by id of a {@code Follow} or a {@code Like}), asked only
 *       when the activity type has such a key, so a reply or a {@code Like} never waits for a lookup;</li>
 *   <li>activity type and "the object is ours", decided once per activity by the predicate the node passes in (for
 *       a {@code Like}, {@code Announce} or {@code Follow} whose object is only an IRI);</li>
 *   <li>activity type alone.</li>
 * </ol>
 * Registering a key twice throws at start-up: two features can never both think an activity is theirs. An activity
 * no key takes is logged and ends {@link InboxOutcome#IGNORED} (its 202 was already sent; Mastodon ignores unknown
 * types too).
 *
 * <p><b>The one cross-feature activity: an actor's {@code Delete} of itself.</b> It concerns every feature that kept
 * something of that actor (follows end, replies are tombstoned), so it bypasses the keys: it goes, and only it goes,
 * to the listeners subscribed with {@link #onActorDeleted}, each asked in subscription order (which is the order of
 * the node's feature list), each in its own transaction. A failing one stops the rest and fails the activity (the job
 * is retried when the failure is temporary, {@link InboundFailures}; every such listener is idempotent). Its one outcome is the weightiest of theirs: failed, then refused,
 * then applied, then ignored. No {@code Delete} key ever sees an actor deleting itself.
 *
 * <p>Listeners run from a job, after the 202, on the event loop: they must not block.
 */
public final class InboxHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(InboxHandlers.class);

    private final Predicate<String> ours;
    private final Map<InboxKey, InboxHandler> byKey = new ConcurrentHashMap<>();
    /** Activity types with an "ours" key: the lookup is asked only for these. */
    private final Set<String> typesWithOurs = ConcurrentHashMap.newKeySet();
    private final List<InboxHandler> actorDeleted = new CopyOnWriteArrayList<>();
    /** Activity types with a key naming an object type: only these ask the lookups about an IRI object. */
    private final Set<String> typesWithObjectKeys = ConcurrentHashMap.newKeySet();
    private final List<ObjectTypeLookup> lookups = new CopyOnWriteArrayList<>();

    /** A registry for a library user with no objects of its own: no "ours" key ever matches. */
    public InboxHandlers() {
        this(iri -> false);
    }

    /** @param ours whether an IRI names one of this node's objects; called on the event loop, so it must be cheap */
    public InboxHandlers(Predicate<String> ours) {
        this.ours = ours;
    }

    /**
     * The listener for one key.
     *
     * @throws IllegalStateException when another listener already has that key
     */
    public InboxHandlers on(InboxKey key, InboxHandler handler) {
        InboxHandler before = byKey.putIfAbsent(key, handler);
        if (before != null) {
            throw new IllegalStateException("two inbox listeners for " + key + ": an activity goes to one listener only");
        }
        if (key.objectIsOurs()) {
            typesWithOurs.add(key.activityType());
        }
        if (key.objectType() != null) {
            typesWithObjectKeys.add(key.activityType());
        }
        return this;
    }

    /** A feature's way to recognise the IRIs it recorded; lookups are asked in registration order, the first answer wins. */
    public InboxHandlers lookup(ObjectTypeLookup lookup) {
        lookups.add(lookup);
        return this;
    }

    /** The listener for every activity of that type that no narrower key takes ({@code InboxKey.of(type)}). */
    public InboxHandlers on(String activityType, InboxHandler handler) {
        return on(InboxKey.of(activityType), handler);
    }

    /** Subscribes to actors deleting themselves (the class comment says how subscribers are asked). */
    public InboxHandlers onActorDeleted(InboxHandler handler) {
        actorDeleted.add(handler);
        return this;
    }

    /** The one outcome of an accepted activity: its listener's, or ignored when none takes it. */
    public Future<InboxOutcome> dispatch(InboundActivity activity) {
        if (activity.deletesItsActor()) {
            return ask(actorDeleted, 0, activity, InboxOutcome.IGNORED);
        }
        return listenerFor(activity).compose(listener -> {
            if (listener.isEmpty()) {
                LOG.info("inbound {} {}: no listener takes {}{}", activity.type(), activity.id(), activity.type(),
                    activity.objectType() == null ? "" : "{" + activity.objectType() + "}");
                return Future.succeededFuture(InboxOutcome.IGNORED);
            }
            return listener.get().handle(activity);
        });
    }

    /** The listener of the narrowest key the activity matches; actors deleting themselves are not routed here. */
    private Future<Optional<InboxHandler>> listenerFor(InboundActivity activity) {
        String type = activity.type();
        String objectType = activity.objectType();
        if (objectType != null) {
            String kind = activity.kind();
            InboxHandler h = kind == null ? null : byKey.get(new InboxKey(type, objectType, kind, false));
            if (h == null) {
                h = byKey.get(new InboxKey(type, objectType, null, false));
            }
            if (h != null) {
                return Future.succeededFuture(Optional.of(h));
            }
        }
        String objectId = activity.objectId();
        if (activity.embeddedObject() == null && objectId != null && typesWithObjectKeys.contains(type) && !lookups.isEmpty()) {
            return typeOf(objectId, 0).map(known -> known.map(t -> byKey.get(new InboxKey(type, t, null, false)))
                .or(() -> wider(type, objectId)));
        }
        return Future.succeededFuture(wider(type, objectId));
    }

    /** "Ours", then the activity type alone. */
    private Optional<InboxHandler> wider(String type, String objectId) {
        if (typesWithOurs.contains(type) && objectId != null && ours.test(objectId)) {
            return Optional.of(byKey.get(new InboxKey(type, null, null, true)));
        }
        return Optional.ofNullable(byKey.get(InboxKey.of(type)));
    }

    private Future<Optional<String>> typeOf(String iri, int i) {
        if (i == lookups.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return lookups.get(i).typeOf(iri).compose(t -> t.isPresent() ? Future.succeededFuture(t) : typeOf(iri, i + 1));
    }

    private static Future<InboxOutcome> ask(List<InboxHandler> list, int i, InboundActivity activity, InboxOutcome sofar) {
        if (i == list.size()) {
            return Future.succeededFuture(sofar);
        }
        return list.get(i).handle(activity).compose(outcome -> ask(list, i + 1, activity, weightier(sofar, outcome)));
    }

    private static InboxOutcome weightier(InboxOutcome a, InboxOutcome b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(InboxOutcome o) {
        return switch (o) {
            case IGNORED -> 0;
            case APPLIED -> 1;
            case REFUSED -> 2;
            case FAILED -> 3;
        };
    }
}
