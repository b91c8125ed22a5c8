package org.mutua.federation.vocab;

/** The activity types Mutua sends or reads (FEDERATION.md 4); other types are accepted and ignored. */
public final class ActivityTypes {
    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String DELETE = "Delete";
    public static final String FOLLOW = "Follow";
    public static final String ACCEPT = "Accept";
    public static final String REJECT = "Reject";
    public static final String UNDO = "Undo";
    public static final String LIKE = "Like";
    public static final String ANNOUNCE = "Announce";
    public static final String BLOCK = "Block";

    private ActivityTypes() {
    }
}
