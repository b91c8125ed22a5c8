package org.mutua.federation.inbox;

import java.util.Set;
import org.mutua.federation.fetch.FetchException;

/**
 * The one place that decides whether a failed inbound job is tried again (FEDERATION.md 4, "nothing accepted is
 * lost"). Temporary, anywhere in the cause chain (features wrap what they call, Hibernate wraps the driver):
 * <ul>
 *   <li>a fetch that may succeed later ({@link FetchException#temporary()}: this node's per-domain budget, a remote
 *       timeout, connect failure, 408, 429 or 5xx);</li>
 *   <li>the database: a lost or refused connection, a pool or statement timeout, and SQLSTATE classes 08 (connection),
 *       40 (serialization failure, deadlock), 53 (out of resources), 57 (shutdown, cancelled), 58 (system error),
 *       55P03 (lock not available) and 23505 (a concurrent writer stored the same row first; the retry finds it);</li>
 *   <li>the network below a feature's own calls ({@link java.io.IOException}, {@link java.util.concurrent.TimeoutException}).</li>
 * </ul>
 * Everything else is permanent: a fetch the peer answered for good (404, 410, id mismatch, blocked address, bad JSON),
 * a body a handler cannot read, a programming error. A handler's own {@link InboxOutcome#REFUSED} or
 * {@link InboxOutcome#FAILED} is an answer, not a failure, and is never retried.
 */
public final class InboundFailures {
    private static final Set<String> TEMPORARY_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TEMPORARY_SQL_STATES = Set.of("55P03", "23505");

    private InboundFailures() {
    }

    /** Whether the job that failed with this may succeed if tried again later. */
    public static boolean temporary(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FetchException f) {
                return f.temporary();
            }
            String state = sqlState(c);
            if (state != null) {
                return state.length() == 5 && (TEMPORARY_SQL_CLASSES.contains(state.substring(0, 2)) || TEMPORARY_SQL_STATES.contains(state));
            }
            if (c instanceof io.vertx.sqlclient.ClosedConnectionException || c instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                || c instanceof java.util.concurrent.TimeoutException || c instanceof java.io.IOException
                || c instanceof java.sql.SQLTransientException || c instanceof java.sql.SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A short, fixed token for logs and the job row: the fetch reason, the SQLSTATE, or the exception's class name.
     * Never a message: a message may quote what a remote server sent.
     */
    public static String reason(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FetchException f) {
                return "fetch:" + f.reason();
            }
            String state = sqlState(c);
            if (state != null) {
                return "sql:" + state;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static String sqlState(Throwable t) {
        if (t instanceof io.vertx.sqlclient.DatabaseException d) {
            return d.getSqlState();
        }
        if (t instanceof java.sql.SQLException s) {
            return s.getSQLState();
        }
        return null;
    }
}
