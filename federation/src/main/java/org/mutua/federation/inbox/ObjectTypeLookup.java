package org.mutua.federation.inbox;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * What a feature knows an IRI to be, for activities whose object is only an IRI: an {@code Undo} by id names the
 * {@code Follow} or {@code Like} it takes back, which only the feature that recorded it can recognise (FEDERATION.md
 * 4: "object embedded or by id"). Asked by {@link InboxHandlers} only when a typed key could take the activity.
 */
@FunctionalInterface
public interface ObjectTypeLookup {
    /** The type of the object that IRI names, if this feature recorded it; may read the database. */
    Future<Optional<String>> typeOf(String iri);
}
