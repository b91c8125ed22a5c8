package org.mutua.server.feature;

import io.vertx.sqlclient.Pool;
import org.mutua.federation.fetch.AddressGuard;
import org.mutua.federation.fetch.KeyResolver;
import org.mutua.federation.fetch.RemoteFetcher;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.Cookies;

/**
 * The shared machinery a serving node adds to {@link NodeCore}: the federation pool, signed fetches, the
 * authenticator of signed requests, the salted key that identifies a client for rate limits, and cookies.
 */
public record NodeParts(NodeCore core, Pool pool, RemoteFetcher fetcher, KeyResolver keys, AddressGuard guard,
                        RequestAuthenticator authenticator, ClientKey clients, Cookies cookies) {
}
