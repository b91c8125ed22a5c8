package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/** What admins see of remote hosts' delivery health, and their reset (FEDERATION.md 5, dead hosts). */
public final class HostStates {
    private static final String LIST = """
        select h.host, h.unavailable, cardinality(h.failure_days) as failure_days, h.failure_days[cardinality(h.failure_days)] as last_failure_day,
               (select count(*) from federation_delivery d where d.host = h.host and d.state in ('pending', 'in_flight')) as queued
        from federation_host_state h
        where h.unavailable or cardinality(h.failure_days) > 0
        order by h.unavailable desc, cardinality(h.failure_days) desc, h.host""";
    private static final String RESET = "update federation_host_state set unavailable = false, failure_days = '{}', updated_at = now() where host = $1";

    private final Pool pool;

    public HostStates(Pool pool) {
        this.pool = pool;
    }

    /** Hosts with failures or marked unavailable, worst first: host, unavailable, failureDays, lastFailureDay, queued. */
    public Future<JsonArray> troubled() {
        return pool.query(LIST).execute().map(rows -> {
            JsonArray out = new JsonArray();
            for (Row r : rows) {
                LocalDate last = r.getLocalDate("last_failure_day");
                out.add(new JsonObject().put("host", r.getString("host")).put("unavailable", r.getBoolean("unavailable"))
                    .put("failureDays", r.getInteger("failure_days")).put("lastFailureDay", last == null ? null : last.toString())
                    .put("queued", r.getLong("queued")));
            }
            return out;
        });
    }

    /** Makes a host available again now; answers whether it was known. */
    public Future<Boolean> reset(String host) {
        return pool.preparedQuery(RESET).execute(Tuple.of(host)).map(rows -> rows.rowCount() > 0);
    }
}
