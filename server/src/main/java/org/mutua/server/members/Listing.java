package org.mutua.server.members;

import java.util.List;

/** One page of a list and how many there are in all. */
public record Listing<T>(long total, List<T> items, int offset, int limit) {
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
