package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mutua.federation.delivery.DeliveryRows.Recipient;

/** Inbox collapsing, host normalisation and the shape of the enqueue statement (no database). */
class DeliveryRowsTest {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static List<DeliveryRows.Row> rows(Recipient... recipients) {
        return DeliveryRows.rows("https://aid.example/a/1", "Create", "https://aid.example/o/1", BODY,
            "https://aid.example/actors/ada#main-key", List.of(recipients));
    }

    @Test
    void oneRowPerDistinctSharedInboxOrInbox() {
        var rows = rows(
            new Recipient("https://masto.example/users/a/inbox", "https://masto.example/inbox"),
            new Recipient("https://masto.example/users/b/inbox", "https://MASTO.example/inbox"),
            new Recipient("https://gts.example/users/c/inbox", null),
            new Recipient("https://gts.example/users/d/inbox", ""),
            new Recipient("https://gts.example/users/c/inbox", null));
        assertEquals(List.of("https://masto.example/inbox", "https://gts.example/users/c/inbox",
            "https://gts.example/users/d/inbox"), rows.stream().map(DeliveryRows.Row::inbox).toList());
        assertEquals(List.of("masto.example", "gts.example", "gts.example"), rows.stream().map(DeliveryRows.Row::host).toList());
    }

    /** Records stored before actors' shared inboxes were checked (§6 row 14): the personal inbox is used instead. */
    @Test
    void sharedInboxOnAnotherDomainIsNotUsedForThatRecipient() {
        var rows = rows(
            new Recipient("https://masto.example/users/a/inbox", "https://evil.example/inbox"),
            new Recipient("https://masto.example/users/b/inbox", "https://masto.example.evil.example/inbox"),
            new Recipient("https://masto.example/users/c/inbox", "https://127.0.0.1/inbox"),
            new Recipient("https://masto.example/users/d/inbox", "https://relay.masto.example/inbox"),
            new Recipient("https://peer.example:8443/users/e/inbox", "https://peer.example/inbox"));
        assertEquals(List.of("https://masto.example/users/a/inbox", "https://masto.example/users/b/inbox",
            "https://masto.example/users/c/inbox", "https://relay.masto.example/inbox", "https://peer.example/inbox"),
            rows.stream().map(DeliveryRows.Row::inbox).toList());
    }

    @Test
    void hostsAreLowercaseIdnaWithNonDefaultPortsKept() {
        assertEquals(Optional.of("masto.example"), DeliveryHosts.hostOf(URI.create("https://Masto.Example/inbox")));
        assertEquals(Optional.of("masto.example"), DeliveryHosts.hostOf(URI.create("https://masto.example:443/inbox")));
        assertEquals(Optional.of("masto.example:8443"), DeliveryHosts.hostOf(URI.create("https://masto.example:8443/inbox")));
        assertEquals(Optional.of("xn--bcher-kva.example"), DeliveryHosts.hostOf(URI.create("https://xn--BCHER-kva.example/i")));
        assertEquals(Optional.of("https://xn--bcher-kva.example/inbox"), DeliveryHosts.normaliseInbox("https://bücher.example/inbox"));
        assertEquals(Optional.of("https://peer.example:8443/inbox?x=1"), DeliveryHosts.normaliseInbox("HTTPS://Peer.Example:8443/inbox?x=1"));
    }

    @Test
    void aFanOutNormalisesEachInboxAsIfItWereAlone() {
        // hosts are worked out once per scheme and authority: the same authority under another scheme, a user info
        // or another case must still get its own answer
        var inboxes = List.of("https://Masto.Example:443/users/a/inbox", "http://masto.example:443/users/b/inbox",
            "https://masto.example/users/c/inbox", "https://bücher.example/i", "https://BÜCHER.example/j",
            "https://user@masto.example/users/d/inbox", "https://[::1]:8443/inbox", "HTTPS://Masto.Example:443/users/e/inbox");
        DeliveryHosts.Normaliser normaliser = new DeliveryHosts.Normaliser();
        for (String inbox : inboxes) {
            var many = normaliser.normalise(inbox);
            assertEquals(DeliveryHosts.normaliseInbox(inbox), many.map(DeliveryHosts.NormalInbox::uri), inbox);
            assertEquals(DeliveryHosts.normaliseInbox(inbox).flatMap(u -> DeliveryHosts.hostOf(URI.create(u))),
                many.map(DeliveryHosts.NormalInbox::host), inbox);
        }
        assertEquals(Optional.of("http://masto.example:443/users/b/inbox"),
            normaliser.normalise("http://masto.example:443/users/b/inbox").map(DeliveryHosts.NormalInbox::uri));
    }

    @Test
    void nonHttpOrUserinfoInboxesAreDropped() {
        var rows = rows(new Recipient("file:///etc/passwd", null), new Recipient("https://user@peer.example/inbox", null),
            new Recipient("https://user@bücher.example/inbox", null),
            new Recipient("gopher://peer.example/inbox", null), new Recipient("not a uri", null),
            new Recipient("https://peer.example/inbox", null));
        assertEquals(List.of("https://peer.example/inbox"), rows.stream().map(DeliveryRows.Row::inbox).toList());
    }

    @Test
    void parametersFollowTheInsertStatement() {
        var row = rows(new Recipient("https://peer.example/inbox", null)).get(0);
        var tuple = row.tuple();
        assertEquals(7, tuple.size());
        assertEquals("https://aid.example/a/1", tuple.getString(0));
        assertEquals("Create", tuple.getString(1));
        assertEquals("https://aid.example/o/1", tuple.getString(2));
        assertEquals("peer.example", tuple.getString(3));
        assertEquals("https://peer.example/inbox", tuple.getString(4));
        assertEquals(Buffer.buffer(BODY), tuple.getBuffer(5));
        assertEquals("https://aid.example/actors/ada#main-key", tuple.getString(6));
        assertArrayEquals(BODY, (byte[]) row.parameters().get(5));
        for (int i = 1; i <= 7; i++) {
            assertTrue(DeliveryRows.INSERT_SQL.contains("$" + i));
            assertTrue(DeliveryRows.INSERT_SQL_ORDINAL.contains("?" + i));
        }
        assertFalse(DeliveryRows.INSERT_SQL_ORDINAL.contains("$"));
        assertFalse(DeliveryRows.INSERT_SQL.contains("::"), "no :: casts (Hibernate reads ':' as a parameter)");
    }
}
