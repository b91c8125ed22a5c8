package org.mutua.server.database;

/** JDBC coordinates of the database, whichever way it was found; the password is never printed. */
public record ConnectionSettings(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
        return jdbcUrl + " as " + user;
    }
}
