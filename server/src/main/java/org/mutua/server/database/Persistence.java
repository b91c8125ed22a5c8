package org.mutua.server.database;

import io.vertx.core.Vertx;
import java.util.List;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;
import org.hibernate.reactive.vertx.VertxInstance;
import org.hibernate.reactive.vertx.impl.ProvidedVertxInstance;

/** Hibernate Reactive on the application's own Vert.x instance (STACK.md); Flyway owns the schema. */
public final class Persistence {
    private Persistence() {
    }

    public static Mutiny.SessionFactory sessionFactory(Vertx vertx, ConnectionSettings db, List<Class<?>> entities) {
        Configuration cfg = new Configuration();
        entities.forEach(cfg::addAnnotatedClass);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_URL, db.jdbcUrl());
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_USER, db.user());
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_PASSWORD, db.password());
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        cfg.setProperty(AvailableSettings.SHOW_SQL, "false");
        cfg.setProperty("hibernate.connection.pool_size", "10");
        StandardServiceRegistry registry = new ReactiveServiceRegistryBuilder()
            .applySettings(cfg.getProperties())
            .addService(VertxInstance.class, new ProvidedVertxInstance(vertx))
            .build();
        return cfg.buildSessionFactory(registry).unwrap(Mutiny.SessionFactory.class);
    }
}
