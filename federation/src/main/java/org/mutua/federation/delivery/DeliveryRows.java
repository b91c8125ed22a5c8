package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mutua.federation.Authority;
import org.mutua.federation.fetch.RegistrableDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueueing deliveries inside the caller's own transaction (FEDERATION.md §5 "Queue"). The server runs
 * {@link #INSERT_SQL} (or {@link #INSERT_SQL_ORDINAL} as a Hibernate native query) once per element of
 * {@link #rows}, in the same transaction as the change the activity announces.
 *
 * <p>The statement itself refuses rows to a host marked unavailable unless the activity type is one of
 * {@link #ALWAYS_DELIVERED_TYPES} (it then inserts 0 rows); the caller needs no separate check.
 */
public final class DeliveryRows {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRows.class);

    /** Activity types still written to unavailable hosts (Follow, Undo{Follow}, Accept/Reject of follows). */
    public static final Set<String> ALWAYS_DELIVERED_TYPES = Set.of("Follow", "Undo", "Accept", "Reject");

    /**
     * Parameters: $1 activity_id text, $2 activity_type text, $3 object_id text (nullable), $4 host text,
     * $5 inbox text, $6 body bytea, $7 signer (keyId) text. Inserts 1 row, or 0 when the host is unavailable and
     * the type is not in {@link #ALWAYS_DELIVERED_TYPES}.
     */
    public static final String INSERT_SQL = """
        INSERT INTO federation_delivery (activity_id, activity_type, object_id, host, inbox, body, signer)
        SELECT CAST($1 AS text), CAST($2 AS text), CAST($3 AS text), CAST($4 AS text), CAST($5 AS text),
               CAST($6 AS bytea), CAST($7 AS text)
        WHERE CAST($2 AS text) IN ('Follow', 'Undo', 'Accept', 'Reject')
           OR NOT EXISTS (SELECT 1 FROM federation_host_state h WHERE h.host = CAST($4 AS text) AND h.unavailable)""";

    /** {@link #INSERT_SQL} with JPA ordinal parameters {@code ?1 … ?7}, for Hibernate (Reactive) native queries. */
    public static final String INSERT_SQL_ORDINAL = INSERT_SQL.replaceAll("\\$(\\d)", "?$1");

    /**
     * All rows of one {@link #rows} call in one statement, for a fan-out to thousands of inboxes inside a Hibernate
     * session (one round trip and one flush instead of one per row). JPA ordinal parameters, see
     * {@link #manyParameters}: ?1 activity_id, ?2 activity_type, ?3 object_id, ?4 hosts and ?5 inboxes (each joined
     * with newlines, which normalised inbox URIs never contain), ?6 body bytea, ?7 signer. Same refusal of
     * unavailable hosts as {@link #INSERT_SQL}; rows get their ids in the given order. The body is stored once, in
     * {@code federation_delivery_body}, and the rows point at it (a row per inbox stays narrow through its three
     * versions); when every host is refused the body is left to the retention cleanup.
     */
    public static final String INSERT_MANY_SQL_ORDINAL = """
        WITH b AS (INSERT INTO federation_delivery_body (body) VALUES (CAST(?6 AS bytea)) RETURNING id)
        INSERT INTO federation_delivery (activity_id, activity_type, object_id, host, inbox, body_id, signer)
        SELECT CAST(?1 AS text), CAST(?2 AS text), CAST(?3 AS text), t.host, t.inbox, (SELECT id FROM b), CAST(?7 AS text)
          FROM unnest(string_to_array(CAST(?4 AS text), chr(10)), string_to_array(CAST(?5 AS text), chr(10)))
               WITH ORDINALITY AS t(host, inbox, n)
         WHERE CAST(?2 AS text) IN ('Follow', 'Undo', 'Accept', 'Reject')
            OR NOT EXISTS (SELECT 1 FROM federation_host_state h WHERE h.host = t.host AND h.unavailable)
         ORDER BY t.n""";

    private DeliveryRows() {
    }

    /**
     * Parameters 1…7 of {@link #INSERT_MANY_SQL_ORDINAL} for rows of one {@link #rows} call (same activity, body and
     * signer), or an empty list when there are none.
     */
    public static List<Object> manyParameters(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Row first = rows.get(0);
        StringBuilder hosts = new StringBuilder();
        StringBuilder inboxes = new StringBuilder();
        for (Row r : rows) {
            if (!r.activityId().equals(first.activityId()) || !Arrays.equals(r.body(), first.body()) || !r.signer().equals(first.signer())
                || !Objects.equals(r.objectId(), first.objectId()) || !r.activityType().equals(first.activityType())) {
                throw new IllegalArgumentException("rows of one activity only");
            }
            if (r.host().indexOf('\n') >= 0 || r.inbox().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("newline in a normalised inbox");
            }
            if (hosts.length() > 0) {
                hosts.append('\n');
                inboxes.append('\n');
            }
            hosts.append(r.host());
            inboxes.append(r.inbox());
        }
        return Arrays.asList(first.activityId(), first.activityType(), first.objectId(), hosts.toString(), inboxes.toString(), first.body(),
            first.signer());
    }

    /** One recipient actor: its inbox and, when it has one, its shared inbox. */
    public record Recipient(String inbox, String sharedInbox) {
        public Recipient {
            Objects.requireNonNull(inbox, "inbox");
        }
    }

    /** One row to insert, already collapsed and normalised. */
    public record Row(String activityId, String activityType, String objectId, String host, String inbox, byte[] body,
                      String signer) {
        /** Parameters for {@link #INSERT_SQL} on a Vert.x SQL client. */
        public Tuple tuple() {
            return Tuple.of(activityId, activityType, objectId, host, inbox, Buffer.buffer(body), signer);
        }

        /** Parameters 1…7 for {@link #INSERT_SQL_ORDINAL} (body as {@code byte[]}). */
        public List<Object> parameters() {
            return Arrays.asList(activityId, activityType, objectId, host, inbox, body, signer);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Objects.equals(activityId, r.activityId) && Objects.equals(activityType, r.activityType)
                && Objects.equals(objectId, r.objectId) && host.equals(r.host) && inbox.equals(r.inbox)
                && Arrays.equals(body, r.body) && signer.equals(r.signer);
        }

        @Override
        public int hashCode() {
            return Objects.hash(activityId, activityType, objectId, host, inbox, signer) * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Row[" + activityType + " " + activityId + " → " + inbox + ", " + body.length + " bytes]";
        }
    }

    /**
     * One row per distinct {@code coalesce(sharedInbox, inbox)} (after normalising scheme and host), in the order
     * recipients are given; a shared inbox that is not on the inbox's host or registrable domain is not used.
     * Recipients whose inbox is not an absolute http(s) URI are dropped (logged without content).
     *
     * @param objectId the object the activity is about (Create/Update/Delete of the same object reach each inbox in
     *                 order); null for no ordering
     * @param signer   keyId of the local actor whose key signs the POSTs
     */
    public static List<Row> rows(String activityId, String activityType, String objectId, byte[] body, String signer,
                                 Collection<Recipient> recipients) {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(activityType, "activityType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signer, "signer");
        Map<String, String> inboxToHost = new LinkedHashMap<>();
        DeliveryHosts.Normaliser normaliser = new DeliveryHosts.Normaliser();
        for (Recipient r : recipients) {
            var inbox = normaliser.normalise(r.inbox());
            if (inbox.isEmpty()) {
                LOG.warn("delivery recipient dropped: not an http(s) inbox activity={}", activityId);
                continue;
            }
            var target = inbox.get();
            if (r.sharedInbox() != null && !r.sharedInbox().isBlank()) {
                var shared = normaliser.normalise(r.sharedInbox());
                // Only on the inbox's own host or registrable domain (records stored before RemoteActor checked it).
                if (shared.isPresent() && RegistrableDomain.same(Authority.hostOnly(shared.get().host()),
                    Authority.hostOnly(target.host()))) {
                    target = shared.get();
                }
            }
            inboxToHost.putIfAbsent(target.uri(), target.host());
        }
        List<Row> rows = new ArrayList<>(inboxToHost.size());
        byte[] copy = body.clone();
        inboxToHost.forEach((inbox, host) -> rows.add(new Row(activityId, activityType, objectId, host, inbox, copy, signer)));
        return rows;
    }

    /** Vert.x parameter tuples for {@link #INSERT_SQL} (for {@code preparedQuery(INSERT_SQL).executeBatch(…)}). */
    public static List<Tuple> tuples(List<Row> rows) {
        return rows.stream().map(Row::tuple).toList();
    }

    /**
     * Convenience for callers on a Vert.x SQL client (pass a connection inside a transaction to join it): inserts the
     * rows and answers how many were written (rows to unavailable hosts are refused).
     */
    public static Future<Integer> enqueue(SqlClient client, List<Row> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return client.preparedQuery(INSERT_SQL).executeBatch(tuples(rows)).map(result -> {
            int n = 0;
            for (var r = result; r != null; r = r.next()) {
                n += r.rowCount();
            }
            return n;
        });
    }
}
