package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mutua.federation.delivery.DeliveryRows.Recipient;

/** The one-statement fan-out insert: the same rows as one INSERT_SQL per row, in order, unavailable hosts refused. */
class DeliveryRowsBulkInsertTest {
    @BeforeEach
    void clean() {
        TestDatabase.reset();
    }

    /** JDBC has only positional "?": expand ?n in order of appearance (the statement repeats ?2). */
    private static int insertMany(List<DeliveryRows.Row> rows) {
        Matcher m = Pattern.compile("\\?(\\d)").matcher(DeliveryRows.INSERT_MANY_SQL_ORDINAL);
        List<Object> params = DeliveryRows.manyParameters(rows);
        List<Object> ordered = new ArrayList<>();
        while (m.find()) {
            ordered.add(params.get(Integer.parseInt(m.group(1)) - 1));
        }
        return TestDatabase.update(DeliveryRows.INSERT_MANY_SQL_ORDINAL.replaceAll("\\?\\d", "?"), ordered.toArray());
    }

    private static List<DeliveryRows.Row> rows(String type, int n) {
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recipients.add(new Recipient("https://h" + (i % 3) + ".example/users/u" + i + "/inbox", null));
        }
        return DeliveryRows.rows("https://aid.example/a/1", type, "https://aid.example/o/1", "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
            "https://aid.example/u/ada#main-key", recipients);
    }

    @Test
    void insertsEveryRowInOrderWithTheSharedBody() {
        var rows = rows("Create", 300);
        assertEquals(300, insertMany(rows));
        var stored = TestDatabase.query("SELECT d.host, d.inbox, d.activity_id, d.activity_type, d.object_id, d.signer, d.state, "
            + "d.body IS NULL AS own_body_empty, convert_from(b.body, 'UTF8') AS body "
            + "FROM federation_delivery d JOIN federation_delivery_body b ON b.id = d.body_id ORDER BY d.id");
        assertEquals(300, stored.size());
        assertEquals(1L, TestDatabase.query("SELECT count(*) AS n FROM federation_delivery_body").get(0).get("n"),
            "the body is stored once for the whole fan-out");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).inbox(), stored.get(i).get("inbox"));
            assertEquals(rows.get(i).host(), stored.get(i).get("host"));
            assertEquals("{\"x\":1}", stored.get(i).get("body"));
            assertEquals(true, stored.get(i).get("own_body_empty"));
            assertEquals("https://aid.example/u/ada#main-key", stored.get(i).get("signer"));
            assertEquals("https://aid.example/o/1", stored.get(i).get("object_id"));
            assertEquals("pending", stored.get(i).get("state"));
        }
    }

    @Test
    void unavailableHostsAreRefusedExceptForFollowTraffic() {
        TestDatabase.update("INSERT INTO federation_host_state (host, unavailable) VALUES ('h1.example', true)");
        assertEquals(6, insertMany(rows("Create", 9)), "h1's three rows refused");
        TestDatabase.reset();
        TestDatabase.update("INSERT INTO federation_host_state (host, unavailable) VALUES ('h1.example', true)");
        assertEquals(9, insertMany(rows("Accept", 9)));
    }
}
