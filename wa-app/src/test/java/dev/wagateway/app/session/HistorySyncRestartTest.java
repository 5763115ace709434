package dev.wagateway.app.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.wagateway.app.session.SessionFixtures.await;
import static dev.wagateway.app.session.SessionFixtures.device;
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static dev.wagateway.app.session.SessionFixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway dies in the middle of a history sync (issue 16): the first batch of the phone's 1,500 messages is
 * committed, the second fails as a crash before its commit would, and nothing is acknowledged. A new session manager
 * over the same database gets the same notification again, stores what was missing, and every message is there once;
 * the chunk is announced once.
 */
class HistorySyncRestartTest {

    private static final String PHONE = "15550919191";
    private static final String[] CHATS = {"15550920001", "15550920002", "15550920003"};
    private static final int MESSAGES = 1_500;

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void aRestartInTheMiddleOfAHistorySyncResumesWithoutDuplicates() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        Clock clock = Clock.systemUTC();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime()) {
            sandbox.control().createPhone(PHONE, "Shop");
            ObjectNode seed = new ObjectMapper().createObjectNode();
            ArrayNode messages = seed.putArray("messages");
            for (int k = 0; k < MESSAGES; k++) {
                messages.addObject().put("id", "3EB0R" + k).put("chat", CHATS[k % CHATS.length])
                        .put("from_me", k % 2 == 0).put("text", "history " + k).put("timestamp", 1_700_000_000L + k);
            }
            sandbox.history().seed(PHONE, seed);
            WaClientConfig config = WaClientConfig.defaults().toBuilder()
                    .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                    .media(MediaTransferConfig.withSslContext(sandbox.mediaSslContext())).build();
            Device device = device(store, "history");
            Webhook webhook = store.webhooks().insertWithinLimit(device.id(), "https://hooks.example/history", "s",
                    List.of("history.sync"), clock.instant(), 5).orElseThrow();

            AtomicInteger historyBatches = new AtomicInteger();
            try (SessionManager first = sessions(config, runtime, store,
                    failingSecondHistoryBatch(store.unitOfWork(), historyBatches))) {
                LoginStart.Qr qr = (LoginStart.Qr) first.startQrLogin(device.id());
                sandbox.control().linkQr(PHONE, qr.text());
                await(() -> historyBatches.get() >= 2, "the second history batch to fail");
                assertThat(stored(device)).isEqualTo(500);
                assertThat(store.deliveries().recent(webhook.id(), 10)).isEmpty();
            } // the process "dies" in the middle of the sync: nothing of it was acknowledged

            try (SessionManager second = sessions(config, runtime, store, store.unitOfWork())) {
                assertThat(second.restoreAll().connected()).isEqualTo(1);
                await(() -> store.deliveries().recent(webhook.id(), 10).size() == 1, "history.sync");
                assertThat(stored(device)).isEqualTo(MESSAGES);
                int distinct = DATABASE.database().jdbi().withHandle(h -> h.createQuery(
                                "select count(distinct message_id) from wa_messages where device_id = :d and from_history")
                        .bind("d", device.id())
                        .mapTo(Integer.class).one());
                assertThat(distinct).isEqualTo(MESSAGES);
                await(() -> sandbox.history().view(PHONE).get("acknowledged").toString().contains(
                        sandbox.history().view(PHONE).get("sent").toString().replaceAll(".*id=(3EB0[0-9A-F]+).*",
                                "$1")), "the hist_sync receipt at the phone");
                assertThat(store.deliveries().recent(webhook.id(), 10)).hasSize(1);
            }
        }
    }

    private static int stored(Device device) {
        return DATABASE.database().jdbi().withHandle(h -> h.createQuery(
                        "select count(*) from wa_messages where device_id = :d and from_history")
                .bind("d", device.id()).mapTo(Integer.class).one());
    }

    /** The real unit of work, except that the second batch of history messages fails before its commit. */
    private static UnitOfWork failingSecondHistoryBatch(UnitOfWork real, AtomicInteger batches) {
        return new UnitOfWork() {
            @Override
            public <T> T inTransaction(Function<Transaction, T> work) {
                return real.inTransaction(tx -> work.apply(intercepting(tx, Transaction.class, "messages",
                        messages -> intercepting((MessageRepository) messages, MessageRepository.class,
                                "insertHistory", null, batches))));
            }
        };
    }

    /**
     * {@code target} with the method {@code name} wrapped: its result passed through {@code wrap}, or (without one)
     * the call failing when it is the second.
     */
    @SuppressWarnings("unchecked")
    private static <T> T intercepting(T target, Class<T> type, String name, Function<Object, Object> wrap,
                                      AtomicInteger calls) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (!method.getName().equals(name)) {
                return result;
            }
            if (wrap != null) {
                return wrap.apply(result);
            }
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("simulated crash before the commit of the second history batch");
            }
            return result;
        });
    }

    private static <T> T intercepting(T target, Class<T> type, String name, Function<Object, Object> wrap) {
        return intercepting(target, type, name, wrap, null);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
