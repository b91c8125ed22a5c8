package org.mutua.server.feature;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import org.mutua.federation.inbox.InboxHandlers;

/**
 * Everything the node needs from one feature, in one class per feature package ({@code members.Members},
 * {@code notices.Notices}, …). The node builds the shared infrastructure once and calls each feature of
 * {@code Features.ALL} in its order: {@link #open} (the admin command line stops there), then, when it serves,
 * {@link #start}, {@link #listen} and {@link #mount}. A feature reaches another only through that one's feature
 * class, handed to its constructor, so the list's order is the order of dependencies.
 *
 * <p>What a feature owns by its {@link #name()}, by convention, so nothing else has to list it:
 * <ul>
 *   <li>its migrations: {@code server/src/main/resources/db/server/<name>/V<n>__*.sql} (versions are one sequence for
 *       the whole server: Flyway refuses two files with one version at start-up);</li>
 *   <li>its part of the OpenAPI document: {@code server/src/main/resources/openapi/<name>.json} ({@code paths} and
 *       {@code components}, merged into the one document);</li>
 *   <li>its pages: templates in {@code web/src/main/jte/<name>/}, views in {@code org.mutua.web.<name>}, messages in
 *       {@code web/src/main/resources/org/mutua/web/<name>/messages_<lang>.properties}.</li>
 * </ul>
 */
public interface Feature {

    /** Lower case, the package's name: names its migrations folder, its OpenAPI part and its web folder. */
    String name();

    /** Its Hibernate entities. */
    default List<Class<?>> entities() {
        return List.of();
    }

    /** Builds the services that need only the database (the admin command line uses them too). */
    default Future<Void> open(NodeCore core) {
        return Future.succeededFuture();
    }

    /** Builds what needs the federation machinery, once the node is about to serve. */
    default Future<Void> start(NodeParts parts) {
        return Future.succeededFuture();
    }

    /** Registers its inbox listeners. */
    default void listen(InboxHandlers inbox) {
    }

    /** Mounts its routes: pages, JSON API and ActivityPub GETs. Features mount in list order. */
    default void mount(Router router) {
    }
}
