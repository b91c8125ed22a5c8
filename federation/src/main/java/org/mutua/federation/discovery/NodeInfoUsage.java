package org.mutua.federation.discovery;

/** Raw usage figures; the handler rounds them to the nearest 10. A null figure is left out (§1.4: MAY be hidden). */
public record NodeInfoUsage(Long totalUsers, Long activeMonth, Long activeHalfyear, Long localPosts) {
    public static NodeInfoUsage hidden() {
        return new NodeInfoUsage(null, null, null, null);
    }
}
