package org.mutua.federation.inbox;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Handlers keyed by activity type, registered by the features that own them at start-up (Fedify's
 * setInboxListeners().on(Follow, …)). Several features may listen to one type (a {@code Delete} of an actor ends its
 * follows and tombstones its replies): each is asked in registration order, and the activity's one outcome is the
 * weightiest of theirs (failed, then refused, then applied, then ignored).
 */
public final class InboxHandlers {
    private final Map<String, List<InboxHandler>> byType = new ConcurrentHashMap<>();

    public InboxHandlers on(String activityType, InboxHandler handler) {
        byType.computeIfAbsent(activityType, t -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** The handlers of that type as one. */
    public Optional<InboxHandler> forType(String activityType) {
        List<InboxHandler> list = byType.get(activityType);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(activity -> ask(list, 0, activity, InboxOutcome.IGNORED));
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
