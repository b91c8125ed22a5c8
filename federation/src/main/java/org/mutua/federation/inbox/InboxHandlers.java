package org.mutua.federation.inbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handlers keyed by activity type, registered by the features that own them at start-up (Fedify's
 * setInboxListeners().on(Follow, …)). A second handler for one type is a wiring mistake and fails at once.
 */
public final class InboxHandlers {
    private final Map<String, InboxHandler> byType = new ConcurrentHashMap<>();

    public InboxHandlers on(String activityType, InboxHandler handler) {
        if (byType.putIfAbsent(activityType, handler) != null) {
            throw new IllegalStateException("a handler for " + activityType + " is already registered");
        }
        return this;
    }

    public Optional<InboxHandler> forType(String activityType) {
        return Optional.ofNullable(byType.get(activityType));
    }
}
