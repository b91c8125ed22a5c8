package org.mutua.federation.actor;

/** The ActivityStreams actor types Mutua publishes (FEDERATION.md §1.1). */
public enum ActorType {
    Person, Group, Application
}
