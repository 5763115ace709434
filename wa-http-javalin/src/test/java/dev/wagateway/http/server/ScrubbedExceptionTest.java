package dev.wagateway.http.server;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubbedExceptionTest {

    @Test
    void keepsClassesFramesAndSqlStateButNoMessage() {
        // what JDBI throws when an insert fails: its message lists the bound arguments
        SQLException database = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        RuntimeException jdbi = new IllegalStateException("Unable to execute [insert into wa_webhooks ...] "
                + "arguments:{positional:{0:9f2c-the-webhook-secret}}", database);

        ScrubbedException scrubbed = ScrubbedException.of(jdbi);
        StringWriter printed = new StringWriter();
        scrubbed.printStackTrace(new PrintWriter(printed));

        assertThat(printed.toString()).doesNotContain("9f2c-the-webhook-secret").doesNotContain("0x00")
                .contains("java.lang.IllegalStateException").contains("java.sql.SQLException (SQL state 22021)")
                .contains("ScrubbedExceptionTest.keepsClassesFramesAndSqlStateButNoMessage");
        assertThat(scrubbed.getStackTrace()).isEqualTo(jdbi.getStackTrace());
        assertThat(ScrubbedException.chain(jdbi))
                .isEqualTo("java.lang.IllegalStateException <- java.sql.SQLException (SQL state 22021)");
    }

    @Test
    void survivesACauseCycle() {
        RuntimeException first = new RuntimeException("a");
        RuntimeException second = new RuntimeException("b", first);
        first.initCause(second);
        assertThat(ScrubbedException.chain(first)).isEqualTo("java.lang.RuntimeException <- java.lang.RuntimeException");
        assertThat(ScrubbedException.of(first).getCause().getCause()).isNull();
    }
}
