package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleCallbackDecorator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Jdbi of its own on the test database ({@code separateJdbi}), for a store whose database work a test counts and
 * breaks: every statement it runs is listed by its first word, every use of a handle is counted (whether through
 * JDBI's statements or plain JDBC on the handle's connection), and while {@link #failUses()} is set, every use fails
 * before any statement runs, as a lost database would. Only this Jdbi's traffic is seen, no other test's.
 */
final class ObservedJdbi {

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final AtomicInteger handles = new AtomicInteger();
    private final AtomicBoolean failUses = new AtomicBoolean();
    private final Jdbi jdbi = TestDatabase.get().separateJdbi();

    ObservedJdbi() {
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.add(context.getRawSql().strip().split("\\s+")[0]);
            }
        });
        jdbi.setHandleCallbackDecorator(new HandleCallbackDecorator() {
            @Override
            public <R, X extends Exception> HandleCallback<R, X> decorate(HandleCallback<R, X> callback) {
                return handle -> {
                    handles.incrementAndGet();
                    if (failUses.get()) {
                        throw new IllegalStateException("the database went away");
                    }
                    return callback.withHandle(handle);
                };
            }
        });
    }

    /** The Jdbi to give the store under test. */
    Jdbi jdbi() {
        return jdbi;
    }

    /** The first word of each statement run so far (cleared by the test between its steps). */
    List<String> statements() {
        return statements;
    }

    /** The uses of a handle so far (reset by the test between its steps). */
    AtomicInteger handles() {
        return handles;
    }

    /** While set, every use of a handle fails. */
    AtomicBoolean failUses() {
        return failUses;
    }
}
