package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mutua.federation.delivery.DeliveryRows.Recipient;
import org.mutua.federation.delivery.Receiver.Answer;
import org.mutua.federation.fetch.RebindingDns;

/**
 * DNS rebinding against deliveries (FEDERATION.md §6 row 8): an inbox whose name passes the server's guard, through
 * {@link AddressPolicy#guardedBy}, and then resolves to a blocked address. The POST connects to the checked address,
 * never to a second lookup; the next attempt checks again and is refused before anything is dialled.
 */
class DnsRebindingDeliveryTest extends QueueTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NAME = "rebind.test";

    RebindingDns dns;
    Vertx rebound;
    Pool reboundPool;
    DeliveryWorker worker;
    Receiver checked;
    Receiver internal;

    @BeforeEach
    void listeners() throws Exception {
        dns = new RebindingDns(NAME);
        // Its own resolver answers the internal address for the name: where a second lookup would connect.
        rebound = Vertx.vertx(dns.connectTimeAnswer());
        reboundPool = TestDatabase.pool(rebound, 2);
        checked = Receiver.start(rebound, RebindingDns.CHECKED.getHostAddress(), 0);
        internal = Receiver.start(rebound, RebindingDns.INTERNAL.getHostAddress(), checked.port());
    }

    @AfterEach
    void closeRebound() {
        if (worker != null) {
            await(worker.stop());
        }
        await(reboundPool.close());
        await(rebound.close());
    }

    private void deliverTo(String inbox, DeliveryOptions options) {
        enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", List.of(new Recipient(inbox, null)));
        worker = await(DeliveryWorker.start(rebound, reboundPool, SIGNERS, AddressPolicy.guardedBy(dns.guard()), options));
    }

    private String inbox() {
        return "http://" + NAME + ":" + checked.port() + "/inbox";
    }

    @Test
    void deliveryGoesToTheCheckedAddressWhenTheNameIsReboundToLoopback() {
        deliverTo(inbox(), fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        assertEquals(1, checked.requests.size());
        assertEquals(NAME + ":" + checked.port(), checked.requests.get(0).headers().get("Host"), "the name goes in Host");
        assertEquals(0, internal.requests.size(), "nothing reached the address the name was rebound to");
        assertEquals(1, dns.lookups.get(), "one lookup: the one that was checked");
    }

    @Test
    void retryAfterTheNameIsReboundToLoopbackIsRefusedUndialled() {
        checked.responder = r -> Answer.of(503);
        deliverTo(inbox(), fast().maxAttempts(5));

        eventually(WAIT, "failed", () -> allIn("failed"));
        sleep(Duration.ofMillis(200));
        var row = TestDatabase.query("SELECT attempts, last_error FROM federation_delivery").get(0);
        assertEquals("address refused", row.get("last_error"));
        assertEquals(1, checked.requests.size(), "the first attempt went to the checked address");
        assertEquals(0, internal.requests.size(), "the retry dialled nothing");
        assertEquals(2, dns.lookups.get(), "each attempt checked once");
    }

    @Test
    void inboxWhoseNameDoesNotResolveIsRetriedNotRefused() {
        deliverTo("http://unknown.test:" + checked.port() + "/inbox", fast().maxAttempts(2));

        eventually(WAIT, "failed after retries", () -> allIn("failed"));
        var row = TestDatabase.query("SELECT attempts, last_error FROM federation_delivery").get(0);
        assertEquals(2, row.get("attempts"));
        assertTrue(((String) row.get("last_error")).startsWith("address check failed"), (String) row.get("last_error"));
        assertEquals(0, checked.requests.size() + internal.requests.size());
    }
}
