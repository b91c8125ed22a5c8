package org.mutua.server.follows;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One follow relation between a local and a remote actor, in one direction, or between two members of this node
 * ({@code LOCAL}: {@link #localActorId} is followed by {@link #followerActorId}).
 */
@Entity
@Table(name = "follow")
public class Follow {
    public enum Direction { INBOUND, OUTBOUND, LOCAL }

    public enum State { PENDING, ACCEPTED, REJECTED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true, length = 32)
    private String publicId;

    @Column(nullable = false, length = 8)
    private String direction;

    @Column(name = "local_actor_id", nullable = false)
    private Long localActorId;

    @Column(name = "remote_actor_id")
    private Long remoteActorId;

    @Column(name = "follower_actor_id")
    private Long followerActorId;

    @Column(nullable = false, length = 16)
    private String state;

    @Column(name = "activity_uri", nullable = false, columnDefinition = "text")
    private String activityUri;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    protected Follow() {
    }

    Follow(String publicId, Direction direction, Long localActorId, Long remoteActorId, String activityUri, Instant now) {
        this.publicId = publicId;
        this.direction = direction.name().toLowerCase();
        this.localActorId = localActorId;
        this.remoteActorId = remoteActorId;
        this.state = "pending";
        this.activityUri = activityUri;
        this.createdAt = now;
    }

    /** A member of this node asking to follow another one: pending, as a remote follower's request. */
    static Follow local(String publicId, Long followedActorId, Long followerActorId, String activityUri, Instant now) {
        Follow f = new Follow(publicId, Direction.LOCAL, followedActorId, null, activityUri, now);
        f.followerActorId = followerActorId;
        return f;
    }

    public Long id() { return id; }
    public String publicId() { return publicId; }
    public Direction direction() { return Direction.valueOf(direction.toUpperCase()); }
    public Long localActorId() { return localActorId; }
    public Long remoteActorId() { return remoteActorId; }
    /** The following member of a LOCAL follow; null otherwise. */
    public Long followerActorId() { return followerActorId; }
    public State state() { return State.valueOf(state.toUpperCase()); }
    public String activityUri() { return activityUri; }
    public Instant createdAt() { return createdAt; }

    void decide(State s, Instant now) {
        this.state = s.name().toLowerCase();
        this.decidedAt = now;
    }

    /** A repeated Follow (new activity id) from the same actor. */
    void renew(String activityUri) {
        this.activityUri = activityUri;
    }
}
