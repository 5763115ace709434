package dev.wagateway.app;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own PostgreSQL database ({@link TestDatabase#isolated()}), opened before its first test and closed
 * after its last. Registered as a static {@code @RegisterExtension} field, so that the classes needing a database
 * of their own do not each repeat the same open and close.
 */
public final class IsolatedDatabase implements BeforeAllCallback, AfterAllCallback {

    private TestDatabase testDatabase;

    @Override
    public void beforeAll(ExtensionContext context) {
        testDatabase = TestDatabase.isolated();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        testDatabase.close();
    }

    /** The open database; only between the class's first and last test. */
    public PostgresDatabase database() {
        if (testDatabase == null) {
            throw new IllegalStateException("the database opens before the class's first test");
        }
        return testDatabase.database();
    }

    /** A gateway store over the database. */
    public PostgresGatewayStore store() {
        return new PostgresGatewayStore(database());
    }
}
