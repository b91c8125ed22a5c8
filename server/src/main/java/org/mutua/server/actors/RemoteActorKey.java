package org.mutua.server.actors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A key a remote actor's document listed when it was last fetched ({@link org.mutua.federation.fetch.ListedKey}). */
@Entity
@Table(name = "remote_actor_key")
public class RemoteActorKey {
    @Id
    @Column(name = "key_id", columnDefinition = "text")
    private String keyId;

    @Column(name = "remote_actor_id", nullable = false)
    private Long remoteActorId;

    @Column(nullable = false, columnDefinition = "text")
    private String kind;

    @Column(nullable = false, columnDefinition = "text")
    private String material;

    protected RemoteActorKey() {
    }

    public RemoteActorKey(String keyId, Long remoteActorId, String kind, String material) {
        this.keyId = keyId;
        this.remoteActorId = remoteActorId;
        this.kind = kind;
        this.material = material;
    }

    public String keyId() { return keyId; }
    public Long remoteActorId() { return remoteActorId; }
    public String kind() { return kind; }
    public String material() { return material; }
}
