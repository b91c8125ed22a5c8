package org.mutua.server.members;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mutua.server.database.Transactions;

/**
 * How many tries a subject (an account, a client, the whole node) has had, in the database so every process counts
 * the same. A try is claimed before the expensive or guessable work runs, by one upsert: parallel requests queue on
 * the row, so they cannot get past a limit together (a count followed by an insert let them all through).
 */
final class AttemptLimits {

    /**
     * A rule: {@code free} tries, then either a wait that doubles with each further try up to {@code longest}
     * (backoff; the count is forgotten after {@code window} without tries) or no more tries until {@code window}
     * after the first one is over (a window).
     */
    record Rule(int free, Duration window, Optional<Duration> longest) {
        static Rule backoff(int free, Duration forgetAfter, Duration longest) {
            return new Rule(free, forgetAfter, Optional.of(longest));
        }

        static Rule window(int tries, Duration window) {
            return new Rule(tries, window, Optional.empty());
        }
    }

    /** A refused try: how long until the subject may try again. */
    record Wait(Duration duration) {
    }

    // ?1 subject, ?2 now, ?3 forget rows whose window_from is at or before this, ?4 free tries, ?5 seconds (the
    // longest wait, or the window), ?6 not_before of a first try. The WHERE refuses a try before not_before.
    private static final String TRIES = "(case when a.window_from <= ?3 then 1 else a.tries + 1 end)";
    private static final String BACKOFF = """
        with claimed as (
          insert into attempt_limit as a (subject, tries, window_from, not_before) values (?1, 1, ?2, ?6)
          on conflict (subject) do update set
            tries = %1$s,
            window_from = ?2,
            not_before = case when %1$s >= ?4
              then cast(?2 as timestamptz) + make_interval(secs => least(cast(?5 as double precision), power(2, least(%1$s - ?4, 16))))
              else cast(?2 as timestamptz) end
          where a.not_before <= ?2
          returning a.tries)
        select tries from claimed""".formatted(TRIES);
    private static final String WINDOW = """
        with claimed as (
          insert into attempt_limit as a (subject, tries, window_from, not_before) values (?1, 1, ?2, ?6)
          on conflict (subject) do update set
            tries = %1$s,
            window_from = case when a.window_from <= ?3 then cast(?2 as timestamptz) else a.window_from end,
            not_before = case when %1$s >= ?4
              then (case when a.window_from <= ?3 then cast(?2 as timestamptz) else a.window_from end) + make_interval(secs => cast(?5 as double precision))
              else cast(?2 as timestamptz) end
          where a.not_before <= ?2
          returning a.tries)
        select tries from claimed""".formatted(TRIES);

    private final Transactions tx;
    private final Clock clock;

    AttemptLimits(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Claims one try for {@code subject}: empty when it may go ahead, else how long to wait. */
    Future<Optional<Wait>> claim(String subject, Rule rule) {
        Instant now = clock.instant();
        boolean backoff = rule.longest().isPresent();
        long seconds = backoff ? rule.longest().get().toSeconds() : rule.window().toSeconds();
        Instant firstNotBefore = rule.free() > 1 ? now : now.plus(backoff ? Duration.ofSeconds(1) : rule.window());
        return tx.inTransaction(s -> s.createNativeQuery(backoff ? BACKOFF : WINDOW, Integer.class)
                .setParameter(1, subject).setParameter(2, now).setParameter(3, now.minus(rule.window()))
                .setParameter(4, rule.free()).setParameter(5, (int) seconds).setParameter(6, firstNotBefore)
                .getResultList()
                .chain(claimed -> !claimed.isEmpty() ? io.smallrye.mutiny.Uni.createFrom().item(Optional.<Wait>empty())
                    : s.createNativeQuery("select not_before from attempt_limit where subject = ?1", Instant.class)
                        .setParameter(1, subject).getResultList()
                        .map(rows -> Optional.of(new Wait(wait(rows, now))))));
    }

    private static Duration wait(List<Instant> notBefore, Instant now) {
        Duration d = notBefore.isEmpty() ? Duration.ZERO : Duration.between(now, notBefore.get(0));
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }

    /**
     * Deletes the rows no rule still needs: idle for a day, past their wait (the longest rule spans an hour). A
     * guesser trying many usernames leaves a row for each; without this they stayed for good.
     */
    Future<Integer> forgetIdle() {
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        return tx.inTransaction(s -> s.createNativeQuery("delete from attempt_limit where window_from < ?1 and not_before < ?1")
            .setParameter(1, dayAgo).executeUpdate());
    }

    /** The try went well: the subject starts afresh (an account after the right password). */
    Future<Void> clear(String subject) {
        return tx.inTransaction(s -> s.createNativeQuery("delete from attempt_limit where subject = ?1")
            .setParameter(1, subject).executeUpdate()).mapEmpty();
    }

    /** The try went well: it does not count against the subject (a client shared by a household). */
    Future<Void> giveBack(String subject, Rule rule) {
        Instant now = clock.instant();
        return tx.inTransaction(s -> s.createNativeQuery("""
                update attempt_limit set tries = greatest(tries - 1, 0),
                  not_before = case when tries - 1 < ?3 then least(not_before, ?2) else not_before end
                 where subject = ?1""")
            .setParameter(1, subject).setParameter(2, now).setParameter(3, rule.free()).executeUpdate()).mapEmpty();
    }
}
