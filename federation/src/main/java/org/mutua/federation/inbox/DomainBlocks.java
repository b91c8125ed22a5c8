package org.mutua.federation.inbox;

/** The node's domain blocks, as the inbox needs them: checked before any fetch (FEDERATION.md 4, 6 row 29). */
@FunctionalInterface
public interface DomainBlocks {
    DomainBlocks NONE = host -> false;

    boolean blocked(String normalisedHost);
}
