package org.mutua.server.actors;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.delivery.DeliveryRows;

/**
 * The one way features send activities: rows in the delivery queue, written in the caller's transaction, so the
 * change and its announcement commit or fail together (ARCHITECTURE.md, "a member posts a request"). Workers sign
 * and POST them later.
 */
public final class Outbox {
    private final Uris uris;
    private Runnable afterCommit = () -> { };

    public Outbox(Uris uris) {
        this.uris = uris;
    }

    /** Lets the delivery worker know there is work, once a transaction that queued rows has committed. */
    public void onQueued(Runnable wake) {
        this.afterCommit = wake;
    }

    public void queued() {
        afterCommit.run();
    }

    public Uni<Integer> enqueue(Mutiny.Session session, LocalActor signer, JsonObject activity, String objectId,
                                List<DeliveryRows.Recipient> recipients) {
        List<DeliveryRows.Row> rows = DeliveryRows.rows(activity.getString("id"), activity.getString("type"), objectId,
            activity.encode().getBytes(StandardCharsets.UTF_8), uris.keyId(signer), recipients);
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // One statement for the whole fan-out: one round trip and one session flush, not one per inbox.
        Mutiny.MutationQuery q = session.createNativeQuery(DeliveryRows.INSERT_MANY_SQL_ORDINAL);
        List<Object> params = DeliveryRows.manyParameters(rows);
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q.executeUpdate();
    }
}
