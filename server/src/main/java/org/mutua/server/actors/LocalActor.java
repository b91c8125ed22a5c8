package org.mutua.server.actors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.mutua.federation.keys.ActorKeys;

/** An actor of this node with its key material. Private keys never leave this entity except to sign. */
@Entity
@Table(name = "local_actor")
public class LocalActor {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(nullable = false, length = 16)
    private String kind;

    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    @Column(nullable = false, columnDefinition = "text")
    private String summary;

    @Column(name = "rsa_public_pem", nullable = false, columnDefinition = "text")
    private String rsaPublicPem;

    @Column(name = "rsa_private_pem", nullable = false, columnDefinition = "text")
    private String rsaPrivatePem;

    @Column(name = "ed25519_public_pem", nullable = false, columnDefinition = "text")
    private String ed25519PublicPem;

    @Column(name = "ed25519_public_multibase", nullable = false, length = 100)
    private String ed25519PublicMultibase;

    @Column(name = "ed25519_private_pem", nullable = false, columnDefinition = "text")
    private String ed25519PrivatePem;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LocalActor() {
    }

    public LocalActor(String username, ActorKind kind, String displayName, String summary, ActorKeys keys, Instant createdAt) {
        this.username = username;
        this.kind = kind.wire();
        this.displayName = displayName;
        this.summary = summary;
        this.rsaPublicPem = keys.rsaPublicPem();
        this.rsaPrivatePem = keys.rsaPrivatePem();
        this.ed25519PublicPem = keys.ed25519PublicPem();
        this.ed25519PublicMultibase = keys.ed25519Multibase();
        this.ed25519PrivatePem = keys.ed25519PrivatePem();
        this.createdAt = createdAt;
    }

    public Long id() { return id; }
    public String username() { return username; }
    public ActorKind kind() { return ActorKind.fromWire(kind); }
    public String displayName() { return displayName; }
    public String summary() { return summary; }
    public String rsaPublicPem() { return rsaPublicPem; }
    public String ed25519PublicMultibase() { return ed25519PublicMultibase; }
    public Instant createdAt() { return createdAt; }
    /** For signing only; never rendered. */
    public ActorKeys keys() { return new ActorKeys(rsaPublicPem, rsaPrivatePem, ed25519PublicPem, ed25519PrivatePem); }

    public void rename(String displayName, String summary) {
        this.displayName = displayName;
        this.summary = summary;
    }

    @Override
    public String toString() {
        return "LocalActor[" + kind + " " + username + "]";
    }
}
