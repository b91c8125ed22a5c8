package org.mutua.federation.inbox;

import io.vertx.core.Future;

/** A feature's reaction to one activity type; runs from a job, after the 202, on the event loop (must not block). */
@FunctionalInterface
public interface InboxHandler {
    Future<InboxOutcome> handle(InboundActivity activity);
}
