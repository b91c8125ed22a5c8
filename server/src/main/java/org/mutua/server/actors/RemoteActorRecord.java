package org.mutua.server.actors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A remote actor as last fetched: enough to address deliveries to it and to show who it is. */
@Entity
@Table(name = "remote_actor")
public class RemoteActorRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, columnDefinition = "text")
    private String uri;

    @Column(nullable = false, columnDefinition = "text")
    private String host;

    @Column(name = "preferred_username", columnDefinition = "text")
    private String preferredUsername;

    @Column(name = "display_name", columnDefinition = "text")
    private String displayName;

    @Column(nullable = false, columnDefinition = "text")
    private String inbox;

    @Column(name = "shared_inbox", columnDefinition = "text")
    private String sharedInbox;

    @Column(name = "fetched_at", nullable = false)
    private Instant fetchedAt;

    protected RemoteActorRecord() {
    }

    public RemoteActorRecord(String uri, String host) {
        this.uri = uri;
        this.host = host;
    }

    public void refresh(String preferredUsername, String displayName, String inbox, String sharedInbox, Instant now) {
        this.preferredUsername = preferredUsername;
        this.displayName = displayName;
        this.inbox = inbox;
        this.sharedInbox = sharedInbox;
        this.fetchedAt = now;
    }

    public Long id() { return id; }
    public String uri() { return uri; }
    public String host() { return host; }
    public String preferredUsername() { return preferredUsername; }
    public String displayName() { return displayName; }
    public String inbox() { return inbox; }
    public String sharedInbox() { return sharedInbox; }
    public Instant fetchedAt() { return fetchedAt; }

    /** {@code user@host} when the actor told us its name, else its URI. */
    public String handle() {
        return preferredUsername == null ? uri : preferredUsername + "@" + host;
    }
}
