package dev.wagateway.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.wagateway.app.jobs.CronSchedule;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path workingDir;

    @Test
    void defaultsTargetTheRealServiceOnEmbeddedPostgres() {
        Config config = ConfigLoader.load(Map.of(), workingDir);

        assertThat(config.server().address()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(7001);
        assertThat(config.server().basePath()).isEmpty();
        assertThat(config.server().bodyLimitBytes()).isEqualTo(8L << 20);
        assertThat(config.datastore().uri()).isEmpty();
        assertThat(config.datastore().dataDir()).isEqualTo(workingDir.resolve("data"));
        assertThat(config.whatsapp().serverUrl()).hasToString("wss://web.whatsapp.com/ws/chat");
        assertThat(config.whatsapp().rootKeyHex())
                .isEqualTo("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b");
        assertThat(config.whatsapp().sandbox()).isFalse();
        assertThat(config.webhooks().workers()).isEqualTo(4);
        assertThat(config.webhooks().maxInFlightPerWebhook()).isEqualTo(16);
        assertThat(config.startupReconnect().retries()).isEqualTo(5);
        assertThat(config.adminSecret()).isEmpty();
    }

    @Test
    void environmentWinsOverDotEnvWhichWinsOverDefaults() throws Exception {
        Files.writeString(workingDir.resolve(".env"), """
                # comment
                SERVER_PORT=8000
                export HTTP_BASE_URL="/api/v1/"
                WEBHOOK_WORKERS=8
                """);

        Config config = ConfigLoader.load(Map.of("SERVER_PORT", "9000"), workingDir);

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().basePath()).isEqualTo("/api/v1");
        assertThat(config.webhooks().workers()).isEqualTo(8);
        // its default follows the workers: a quarter of their attempt slots
        assertThat(config.webhooks().maxInFlightPerWebhook()).isEqualTo(32);
    }

    @Test
    void valuesAreParsedAsTheOriginalDoes() {
        Config config = ConfigLoader.load(Map.of(
                "HTTP_BODY_LIMIT_SIZE", "50m",
                "WHATSAPP_TYPING_DELAY_MIN", "1.5s",
                "WHATSAPP_TYPING_DELAY_MAX", "500ms",
                "WEBHOOK_RETRY_LIMIT", "0",
                "WHATSAPP_SANDBOX", "T",
                "HTTP_CORS_ORIGIN", "https://a.example, http://b.example:8080",
                "WHATSAPP_DATASTORE_URI", "postgres://u:p@db.example:5432/wa?sslmode=disable"), workingDir);

        assertThat(config.server().bodyLimitBytes()).isEqualTo(50L << 20);
        assertThat(config.automation().typingDelayMin()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.automation().typingDelayMax()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.webhooks().retryLimit()).isEqualTo(3);
        assertThat(config.whatsapp().sandbox()).isTrue();
        assertThat(config.server().corsOrigins()).containsExactly("https://a.example", "http://b.example:8080");
        assertThat(config.datastore().uri()).contains("postgres://u:p@db.example:5432/wa?sslmode=disable");
    }

    /** Every variable of the contract's §9 (and ours), given a wrong value, stops the start naming the variable. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            JWT_SECRET_KEY                          | too-short
            WHATSAPP_DATASTORE_URI                  | mysql://u:p@h/db
            WHATSAPP_DATASTORE_TYPE                 | sqlite3
            WHATSAPP_KEYS_DATASTORE_URI             | not a uri
            WHATSAPP_DATASTORE_MAX_CONNECTIONS      | 0
            WHATSAPP_DATA_DIR                       | bad\u0000dir
            SERVER_ADDRESS                          | 0.0.0.0/24
            SERVER_PORT                             | 70000
            HTTP_BASE_URL                           | /api v1
            HTTP_CORS_ORIGIN                        | example.com
            HTTP_BODY_LIMIT_SIZE                    | abc
            HTTP_GZIP_LEVEL                         | fast
            HTTP_CACHE_TTL_SECONDS                  | five
            HTTP_CACHE_CAPACITY                     | -1
            LOG_LEVEL                               | verbose
            LOG_FORMAT                              | xml
            WHATSAPP_SERVER_URL                     | http://web.whatsapp.com/ws/chat
            WHATSAPP_SERVER_ROOT_KEY                | 1234
            WHATSAPP_SANDBOX                        | maybe
            WHATSAPP_CLIENT_PROXY_URL               | ftp://proxy:21
            WHATSAPP_DEVICE_OS_NAME                 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            WHATSAPP_LOG_LEVEL                      | TRACE
            WHATSAPP_VERSION_MAJOR                  | two
            WHATSAPP_VERSION_MINOR                  | -3
            WHATSAPP_VERSION_PATCH                  | 1.5
            WHATSAPP_WAVERSION_REFRESH_MIN_INTERVAL | 10 minutes
            WHATSAPP_ENABLE_WAVERSION_REFRESH_CRON  | yes please
            WHATSAPP_WAVERSION_REFRESH_CRON_SPEC    | 0 3 * * *
            WHATSAPP_WAVERSION_REFRESH_CRON_FORCE   | 2
            WHATSAPP_MEDIA_IMAGE_COMPRESSION        | on
            WHATSAPP_MEDIA_IMAGE_CONVERT_WEBP       | off
            WHATSAPP_AUTO_PRESENCE_ENABLED          | enabled
            WHATSAPP_AUTO_TYPING_ENABLED            | Y
            WHATSAPP_TYPING_DELAY_MIN               | -1s
            WHATSAPP_TYPING_DELAY_MAX               | 3 seconds
            WHATSAPP_AUTO_MARK_READ                 | sometimes
            WHATSAPP_READ_RECEIPT_JITTER_ENABLED    | nope
            WHATSAPP_READ_RECEIPT_DELAY_MIN         | 500
            WHATSAPP_READ_RECEIPT_DELAY_MAX         | 2x
            WHATSAPP_RATE_LIMIT_ENABLED             | 10
            WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE      | twenty
            WHATSAPP_RATE_LIMIT_BURST_SIZE          | 5.5
            WHATSAPP_ISON_CACHE_ENABLED             | active
            WHATSAPP_ISON_CACHE_TTL                 | 5 min
            WHATSAPP_ISON_CACHE_MAX                 | 0
            WHATSAPP_ISON_BATCH_SIZE                | many
            WHATSAPP_GROUP_LIST_CACHE_TTL           | forever
            WHATSAPP_GROUP_LIST_CACHE_DISABLED      | disabled
            WHATSAPP_APPSTATE_WEBHOOK_ENABLED       | ja
            WHATSAPP_STARTUP_RECONNECT_CONCURRENCY  | 0
            WHATSAPP_STARTUP_RECONNECT_JITTER_MAX   | 5
            WHATSAPP_STARTUP_RECONNECT_RETRIES      | three
            WHATSAPP_STARTUP_RECONNECT_BACKOFF_BASE | 2 s
            WHATSAPP_STARTUP_RECONNECT_BACKOFF_MAX  | 30sec
            WHATSAPP_ENABLE_HEALTH_CHECK_CRON       | hourly
            WHATSAPP_ENABLE_DEVICE_RECOVERY_CRON    | x
            WHATSAPP_DEVICE_RECOVERY_CRON_SPEC      | 0 */2 * * * * *
            WHATSAPP_WEB_VERSION_URL                | ftp://web.whatsapp.com/
            WHATSAPP_WEB_VERSION_URL                | web.whatsapp.com
            WEBHOOKS_ENABLED                        | si
            WEBHOOK_WORKERS                         | four
            WEBHOOK_RETRY_LIMIT                     | 3x
            WEBHOOK_MAX_IN_FLIGHT_PER_WEBHOOK       | 0
            WEBHOOK_MAX_IN_FLIGHT_PER_WEBHOOK       | 65
            WEBHOOK_MAX_PER_DEVICE                  | lots
            WEBHOOK_CACHE_TTL_SECONDS               | -5
            WEBHOOK_DELIVERY_RETENTION_DAYS         | week
            WEBHOOK_ALLOW_INSECURE                  | 11
            WEBHOOK_ALLOW_PRIVATE_TARGETS           | sure
            HTTP_PROXY                              | proxy:8080
            HTTPS_PROXY                             | socks://proxy
            HTTPS_PROXY                             | https://proxy:3128
            NO_PROXY                                | example.com,internal:http
            NO_PROXY                                | 10.0.0.0/40
            """)
    void aWrongValueStopsTheStartNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(variable, value), workingDir))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0)).startsWith(variable + "=").contains(": ");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 ? * MON       | 2026-11-30T00:00Z
            0 30 9 * JAN-MAR mon-fri | 2027-01-01T09:30Z
            @every 90m          | 2026-11-25T00:41:30Z
            """)
    void cronSpecsAcceptedAtStartAreOnesTheSchedulerRuns(String spec, String next) {
        Config config = ConfigLoader.load(Map.of("WHATSAPP_DEVICE_RECOVERY_CRON_SPEC", spec), workingDir);
        // the scheduler parses exactly what validation accepted, and fires when expected
        assertThat(CronSchedule.parse(config.whatsapp().deviceRecoveryCronSpec(), GoDuration::parse)
                .next(ZonedDateTime.parse("2026-11-24T23:11:30Z"))).isEqualTo(ZonedDateTime.parse(next));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 ? * MONDAY  | cron field 6
            0 0 0 L * *       | cron field 4
            0 0 0 31 2 *      | never fires
            """)
    void cronSpecsTheSchedulerWouldRefuseStopTheStart(String spec, String reason) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WHATSAPP_DEVICE_RECOVERY_CRON_SPEC", spec), workingDir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("WHATSAPP_DEVICE_RECOVERY_CRON_SPEC=").contains(reason));
    }

    @Test
    void theProxyUrlIsReadInEveryFormAndAProblemNeverShowsItsPassword() {
        assertThat(ConfigLoader.load(Map.of("WHATSAPP_CLIENT_PROXY_URL", "socks5h://u:p%40ss@proxy.example:1081"),
                workingDir).whatsapp().proxy()).hasValueSatisfying(proxy -> {
                    assertThat(proxy.maskedUrl()).isEqualTo("socks5://u:***@proxy.example:1081");
                    assertThat(proxy.password()).contains("p@ss");
                });
        assertThat(ConfigLoader.load(Map.of("WHATSAPP_CLIENT_PROXY_URL", "http://proxy.example"), workingDir)
                .whatsapp().proxy().orElseThrow().port()).isEqualTo(80);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WHATSAPP_CLIENT_PROXY_URL",
                "ftp://user:hunter2@proxy.example:21"), workingDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WHATSAPP_CLIENT_PROXY_URL=ftp://user:***@proxy.example:21")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(
                "SERVER_PORT", "http", "HTTP_BODY_LIMIT_SIZE", "abc", "LOG_LEVEL", "loud"), workingDir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("SERVER_PORT=http: expected a whole number"))
                        .anySatisfy(p -> assertThat(p).startsWith("HTTP_BODY_LIMIT_SIZE=abc: expected a size"))
                        .anySatisfy(p -> assertThat(p).startsWith("LOG_LEVEL=loud: expected one of")));
    }

    @Test
    void aMalformedDotEnvLineIsReported() throws Exception {
        Files.writeString(workingDir.resolve(".env"), "SERVER_PORT 8000\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), workingDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".env line 1: expected KEY=value");
    }
}
