package org.mutua.federation.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Addresses a fetch must never dial (FEDERATION.md §6 row 8): loopback, private, link-local, multicast, unspecified,
 * CGNAT, reserved and documentation ranges, and IPv6 forms that embed such an IPv4 address. The list follows Mastodon
 * app/lib/private_address_check.rb {@code CIDR_LIST}.
 */
public final class BlockedAddresses {
    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> BLOCKED = List.of(
        cidr("0.0.0.0", 8), cidr("10.0.0.0", 8), cidr("100.64.0.0", 10), cidr("127.0.0.0", 8),
        cidr("169.254.0.0", 16), cidr("172.16.0.0", 12), cidr("192.0.0.0", 24), cidr("192.0.2.0", 24),
        cidr("192.88.99.0", 24), cidr("192.168.0.0", 16), cidr("198.18.0.0", 15), cidr("198.51.100.0", 24),
        cidr("203.0.113.0", 24), cidr("224.0.0.0", 4), cidr("240.0.0.0", 4),
        cidr("::", 128), cidr("::1", 128), cidr("100::", 64), cidr("2001::", 32), cidr("2001:10::", 28),
        cidr("2001:20::", 28), cidr("2001:db8::", 32), cidr("fc00::", 7), cidr("fe80::", 10), cidr("fec0::", 10),
        cidr("ff00::", 8));

    private BlockedAddresses() {
    }

    public static boolean isBlocked(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
            || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        for (Cidr c : BLOCKED) {
            if (c.contains(raw)) {
                return true;
            }
        }
        if (address instanceof Inet6Address) {
            InetAddress embedded = embeddedIpv4(raw);
            return embedded != null && isBlocked(embedded);
        }
        return false;
    }

    /**
     * The IPv4 address inside IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and
     * 6to4 (2002::/16) addresses. Java already turns textual ::ffff: forms into {@link Inet4Address}; raw bytes from
     * a resolver need this.
     */
    static InetAddress embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        if (isZero(v6, 0, 10) && ((v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) || (v6[10] == 0 && v6[11] == 0))) {
            v4 = java.util.Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b && isZero(v6, 4, 12)) {
            v4 = java.util.Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0x20 && v6[1] == 0x02) {
            v4 = java.util.Arrays.copyOfRange(v6, 2, 6);
        }
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Cidr cidr(String literal, int bits) {
        try {
            // Literal addresses only: no DNS lookup happens here.
            byte[] raw = InetAddress.getByName(literal).getAddress();
            if (literal.contains(":") && raw.length == 4) {
                throw new IllegalStateException("mapped literal in table: " + literal);
            }
            return new Cidr(raw, bits);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
