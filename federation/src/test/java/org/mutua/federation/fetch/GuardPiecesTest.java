package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parts of the guard: URL normal form, address table, registrable domains, budget, media types, body limits. */
class GuardPiecesTest {

    @Test
    void hostTricksNormaliseToOneForm() {
        assertEquals(URI.create("https://masto.example/users/a"), RemoteUrls.normalize(URI.create("HTTPS://Masto.Example.:443/users/a#x"), false));
        assertEquals(URI.create("https://xn--bcher-kva.example/"), RemoteUrls.normalize(URI.create("https://bücher.example"), false));
        assertEquals("userinfo", assertThrows(FetchException.class,
            () -> RemoteUrls.normalize(URI.create("https://aid.example@evil.example/"), false)).reason());
        assertEquals("bad-host", assertThrows(FetchException.class,
            () -> RemoteUrls.normalize(URI.create("https://evil..example/"), false)).reason());
        assertEquals("bad-scheme", assertThrows(FetchException.class,
            () -> RemoteUrls.normalize(URI.create("http://masto.example/"), false)).reason());
        assertEquals(URI.create("http://masto.example/"), RemoteUrls.normalize(URI.create("http://masto.example:80"), true));
    }

    @Test
    void blockedAddressTableCoversTheReservedRanges() throws IOException {
        for (String a : List.of("127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255",
            "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "64:ff9b::a00:1", "2002:7f00:1::", "::127.0.0.1")) {
            assertTrue(BlockedAddresses.isBlocked(InetAddress.getByName(a)), a);
        }
        for (String a : List.of("1.1.1.1", "93.184.216.34", "100.128.0.1", "172.32.0.1", "2606:4700:4700::1111")) {
            assertFalse(BlockedAddresses.isBlocked(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void registrableDomainIsTheLastTwoLabelsOrThreeUnderAShortSuffix() {
        assertEquals("example.com", RegistrableDomain.of("a.b.example.com"));
        assertEquals("example.co.uk", RegistrableDomain.of("x.example.co.uk"));
        assertEquals("example.com", RegistrableDomain.of("example.com"));
        assertEquals("10.1.2.3", RegistrableDomain.of("10.1.2.3"));
    }

    @Test
    void budgetRefillsAfterAMinute() {
        Instant[] now = {Instant.parse("2026-05-12T09:30:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now[0]; }
        };
        DomainFetchBudget budget = new DomainFetchBudget(2, clock);
        assertTrue(budget.tryAcquire("a.farm.example"));
        assertTrue(budget.tryAcquire("b.farm.example"));
        assertFalse(budget.tryAcquire("c.farm.example"));
        assertTrue(budget.tryAcquire("other.example"));
        now[0] = now[0].plusSeconds(61);
        assertTrue(budget.tryAcquire("c.farm.example"));
    }

    @Test
    void activityPubContentTypesFollowRow13Strictly() {
        assertTrue(FetchMediaTypes.isActivityPub("application/activity+json"));
        assertTrue(FetchMediaTypes.isActivityPub("application/activity+json; charset=utf-8"));
        assertTrue(FetchMediaTypes.isActivityPub("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
        assertTrue(FetchMediaTypes.isActivityPub("Application/LD+JSON;profile=\"https://example.org/p https://www.w3.org/ns/activitystreams\""));
        assertFalse(FetchMediaTypes.isActivityPub("application/ld+json"));
        assertFalse(FetchMediaTypes.isActivityPub("application/json"));
        assertFalse(FetchMediaTypes.isActivityPub("text/html; profile=\"https://www.w3.org/ns/activitystreams\""));
        assertFalse(FetchMediaTypes.isActivityPub(null));
        assertTrue(FetchMediaTypes.isJrd("application/jrd+json; charset=utf-8"));
        assertTrue(FetchMediaTypes.isJrd("application/json"));
        assertFalse(FetchMediaTypes.isJrd("text/html"));
    }

    @Test
    void gzipInflationStopsAtTheLimitWhateverTheChunking() throws IOException {
        byte[] bomb = RemoteFetcherTest.gzip(new byte[8 * 1024 * 1024]);
        try (BoundedBody body = new BoundedBody(1024 * 1024, true)) {
            FetchException e = assertThrows(FetchException.class, () -> {
                for (int i = 0; i < bomb.length; i += 7) {
                    body.accept(Buffer.buffer(java.util.Arrays.copyOfRange(bomb, i, Math.min(bomb.length, i + 7))));
                }
            });
            assertEquals("too-large", e.reason());
        }
        byte[] small = RemoteFetcherTest.gzip("{\"id\":\"x\"}".getBytes());
        try (BoundedBody body = new BoundedBody(1024, true)) {
            for (byte b : small) {
                body.accept(Buffer.buffer(new byte[] {b}));
            }
            assertEquals("{\"id\":\"x\"}", body.finish().toString());
        }
        try (BoundedBody truncated = new BoundedBody(1024, true)) {
            truncated.accept(Buffer.buffer(java.util.Arrays.copyOf(small, small.length - 12)));
            assertEquals("bad-encoding", assertThrows(FetchException.class, truncated::finish).reason());
        }
    }
}
