package org.mutua.federation.vocab;

/** The object and actor types Mutua publishes or reads (FEDERATION.md 1 and 3). */
public final class ObjectTypes {
    public static final String NOTE = "Note";
    public static final String QUESTION = "Question";
    public static final String EVENT = "Event";
    public static final String TOMBSTONE = "Tombstone";
    public static final String PERSON = "Person";
    public static final String GROUP = "Group";
    public static final String APPLICATION = "Application";
    public static final String SERVICE = "Service";

    private ObjectTypes() {
    }
}
