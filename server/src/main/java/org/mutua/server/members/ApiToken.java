package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The revocable record behind a bearer token: a signed JWT is valid only while its jti is here and not revoked. */
@Entity
@Table(name = "api_token")
public class ApiToken {
    @Id
    @Column(length = 64)
    private String jti;

    @Column(name = "member_id", nullable = false)
    private Long memberId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(String jti, Long memberId, Instant createdAt) {
        this.jti = jti;
        this.memberId = memberId;
        this.createdAt = createdAt;
    }

    Long memberId() { return memberId; }
    boolean revoked() { return revokedAt != null; }
    void revoke(Instant now) { if (revokedAt == null) revokedAt = now; }
}
