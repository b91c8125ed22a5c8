package org.mutua.federation.fetch;

import java.net.InetAddress;
import java.net.URI;

/**
 * A URL that passed {@link AddressGuard}, with the address that was checked. The connection goes to {@code address};
 * the name is used only for the Host header, SNI and certificate checks, so DNS cannot change between check and
 * connect (DNS rebinding).
 */
public record DialTarget(URI url, boolean tls, String host, int port, InetAddress address) {
}
