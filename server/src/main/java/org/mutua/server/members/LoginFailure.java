package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed login, kept for the rate limit's window; shared by every process through the database. */
@Entity
@Table(name = "login_failure")
public class LoginFailure {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String subject;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    protected LoginFailure() {
    }

    LoginFailure(String subject, Instant failedAt) {
        this.subject = subject;
        this.failedAt = failedAt;
    }
}
