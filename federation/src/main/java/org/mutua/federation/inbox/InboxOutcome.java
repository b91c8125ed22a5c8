package org.mutua.federation.inbox;

/** What became of one accepted activity; every inbound activity ends with exactly one (Fedify's RouteActivityResult). */
public enum InboxOutcome {
    /** A handler applied it. */
    APPLIED,
    /** No listener takes it ({@link InboxHandlers}), or its listener chose to ignore it (Mastodon ignores unknown types too). */
    IGNORED,
    /** A handler refused it after the 202 (e.g. it is about an object its actor does not own). */
    REFUSED,
    /** Processing failed for good ({@link InboundFailures}), or for a temporary reason until its schedule ended ({@link InboundSchedule}). */
    FAILED
}
