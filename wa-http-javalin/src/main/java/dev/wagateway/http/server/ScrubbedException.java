package dev.wagateway.http.server;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A copy of an unexpected exception that is safe to log: the class names and stack frames of it and its causes,
 * and the SQL state of database errors, but none of their messages. Messages may hold what the request sent or
 * what a statement was bound with (JDBI prints its arguments, a webhook secret among them).
 */
public final class ScrubbedException extends RuntimeException {

    private ScrubbedException(String description, StackTraceElement[] frames, ScrubbedException cause) {
        super(description, cause, false, true);
        setStackTrace(frames);
    }

    /** The scrubbed copy of {@code error} and its causes. */
    public static ScrubbedException of(Throwable error) {
        return copy(error, new IdentityHashMap<>());
    }

    private static ScrubbedException copy(Throwable error, Map<Throwable, Boolean> seen) {
        seen.put(error, Boolean.TRUE);
        Throwable next = error.getCause();
        ScrubbedException cause = next == null || seen.containsKey(next) ? null : copy(next, seen);
        return new ScrubbedException(describe(error), error.getStackTrace(), cause);
    }

    /** One line: the class of {@code error} and of each cause, outermost first. */
    public static String chain(Throwable error) {
        StringBuilder line = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && !seen.containsKey(t); t = t.getCause()) {
            seen.put(t, Boolean.TRUE);
            line.append(line.isEmpty() ? "" : " <- ").append(describe(t));
        }
        return line.toString();
    }

    /** The class of {@code error}, with the SQL state when it is a database error. */
    public static String describe(Throwable error) {
        if (error instanceof SQLException sql && sql.getSQLState() != null) {
            return error.getClass().getName() + " (SQL state " + sql.getSQLState() + ")";
        }
        return error.getClass().getName();
    }
}
