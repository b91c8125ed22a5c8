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
        Uni<Integer> chain = q.executeUpdate();
        String type = activity.getString("type");
        if (objectId == null || !(type.equals("Create") || type.equals("Update"))) {
            return chain;
        }
        return chain.call(() -> remember(session, objectId, rows.stream().map(DeliveryRows.Row::inbox).distinct().toList()));
    }

    /**
     * Every inbox the object went to, so that its later Update and Delete reach them too, even once a follower has
     * left (FEDERATION.md 5 "Recipients"): one row per object, the inboxes of every later send merged in. The inboxes
     * are joined by newlines as {@link DeliveryRows#INSERT_MANY_SQL_ORDINAL} takes them (normalised inbox URIs never
     * contain one).
     */
    private static Uni<Integer> remember(Mutiny.Session session, String objectId, List<String> inboxes) {
        return session.createNativeQuery("""
                insert into object_audience (object_uri, inboxes)
                values (cast(?1 as text), string_to_array(cast(?2 as text), chr(10)))
                on conflict (object_uri) do update
                   set inboxes = array(select distinct i from unnest(object_audience.inboxes || excluded.inboxes) as t(i))
                 where not (excluded.inboxes <@ object_audience.inboxes)""")
            .setParameter(1, objectId).setParameter(2, String.join("\n", inboxes))
            .executeUpdate();
    }

    /** The inboxes an object was sent to so far (see {@link #remember}). */
    public static Uni<List<DeliveryRows.Recipient>> audience(Mutiny.Session session, String objectId) {
        return session.createNativeQuery("select unnest(inboxes) from object_audience where object_uri = ?1", String.class)
            .setParameter(1, objectId).getResultList()
            .map(inboxes -> inboxes.stream().map(i -> new DeliveryRows.Recipient(i, null)).toList());
    }
}
