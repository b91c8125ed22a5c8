package org.mutua.server.feature;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.SecretStore;

/** What every feature may use from the moment the database is migrated, for the server and the admin commands alike. */
public record NodeCore(MutuaConfig config, Vertx vertx, Transactions tx, Clock clock, PasswordHasher hasher,
                       SecretStore secrets) {
}
