package org.mutua.federation.delivery;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A row of {@code federation_delivery} this worker claimed, with the bytes to send. */
record ClaimedRow(long id, String activityId, String activityType, String host, String inbox, byte[] body,
                  String signer, int attempts) {
    /**
     * The claimed rows; a shared body comes with one row of it only ({@link Claims#CLAIM_SQL}), and its other rows get
     * the same bytes. Rows whose body is gone are added to {@code bodiless} instead.
     */
    static List<ClaimedRow> all(Iterable<Row> rows, List<Long> bodiless) {
        Map<Long, byte[]> shared = new HashMap<>();
        List<Row> later = new ArrayList<>();
        List<ClaimedRow> claimed = new ArrayList<>();
        for (Row row : rows) {
            Long bodyId = row.getLong("body_id");
            Buffer body = row.getBuffer("body");
            if (body == null) {
                later.add(row);
                continue;
            }
            byte[] bytes = body.getBytes();
            if (bodyId != null) {
                shared.put(bodyId, bytes);
            }
            claimed.add(of(row, bytes));
        }
        for (Row row : later) {
            byte[] bytes = shared.get(row.getLong("body_id"));
            if (bytes == null) {
                bodiless.add(row.getLong("id")); // its body was deleted by hand: nothing to send
            } else {
                claimed.add(of(row, bytes));
            }
        }
        return claimed;
    }

    private static ClaimedRow of(Row row, byte[] body) {
        return new ClaimedRow(row.getLong("id"), row.getString("activity_id"), row.getString("activity_type"),
            row.getString("host"), row.getString("inbox"), body, row.getString("signer"), row.getInteger("attempts"));
    }
}
