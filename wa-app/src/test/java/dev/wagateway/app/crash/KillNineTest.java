package dev.wagateway.app.crash;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.wagateway.app.crash.GatewayApi.await;
import static dev.wagateway.app.crash.GatewayApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real gateway JVM (embedded PostgreSQL, durable) while texts flow both ways with a sandbox that
 * lives on (in this JVM, a process apart from the gateway's), then a start at once: it comes up on the first try,
 * every text the phone sent is stored exactly once, and every send the API accepted reached the phone.
 */
class KillNineTest {

    private static final String PHONE = "15550303030";
    private static final String FRIEND = "15550404040";
    private static final String ADMIN = "kill-nine-admin-secret";

    @TempDir
    Path workingDir;

    private final GatewayApi api = new GatewayApi();
    private String baseUrl;

    @Test
    void comesBackAtOnceAndLosesNothing() throws Exception {
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(PHONE, "Acme");
            control.createPhone(FRIEND, "Friend");
            // the shipped default, on purpose: the database is the production one
            GatewayEnvironment environment = GatewayEnvironment.of(sandbox, ADMIN)
                    .with("WHATSAPP_DATASTORE_EMBEDDED_DURABLE", "true");
            int port = GatewayProcess.freePort();

            GatewayProcess first = GatewayProcess.start(workingDir, environment, port, "first.log");
            baseUrl = first.baseUrl();
            String token = pairDevice(first, control);

            List<String> incoming = new ArrayList<>();
            ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sender = Thread.ofPlatform().name("api-sends").start(() -> sendUntilStopped(token, running,
                    accepted));
            GatewayProcess second;
            try {
                // the phone writes while the gateway runs, while it is dead, and after it is back
                await(() -> {
                    String text = "in-" + incoming.size();
                    control.phoneSendText(FRIEND, PHONE, text);
                    incoming.add(text);
                    return incoming.size() >= 15 && accepted.size() >= 8;
                }, Duration.ofSeconds(60), () -> "texts flowing both ways\n" + first.logText());

                first.killNine();
                for (int i = 0; i < 5; i++) {
                    incoming.add("in-" + incoming.size());
                    control.phoneSendText(FRIEND, PHONE, incoming.getLast());
                }
                second = GatewayProcess.start(workingDir, environment, port, "second.log");
                assertThat(second.isAlive()).isTrue();

                int acceptedAtRestart = accepted.size();
                await(() -> accepted.size() >= acceptedAtRestart + 5, Duration.ofSeconds(60),
                        () -> "sends accepted after the restart\n" + second.logText());
                for (int i = 0; i < 5; i++) {
                    incoming.add("in-" + incoming.size());
                    control.phoneSendText(FRIEND, PHONE, incoming.getLast());
                }
            } finally {
                running.set(false);
                sender.join();
            }

            // every text of the phone stored once, no more
            await(() -> api.incomingTexts(second, token, FRIEND).size() == incoming.size(), Duration.ofSeconds(60),
                    () -> "every incoming text to be stored: " + api.incomingTexts(second, token, FRIEND) + "\n"
                            + second.logText());
            assertThat(api.incomingTexts(second, token, FRIEND)).containsExactlyInAnyOrderElementsOf(incoming);
            // every accepted send on the friend's phone
            await(() -> friendReceived(control).containsAll(accepted), Duration.ofSeconds(60),
                    () -> "every accepted send on the phone");
            assertThat(friendReceived(control)).containsAll(accepted);
            assertThat(second.stop()).isIn(0, 143);
        }
    }

    private String pairDevice(GatewayProcess first, SandboxControl control) {
        String token = api.createDevice(first, api.apiKey(first, ADMIN, 1), "Crash");
        control.linkQr(PHONE, api.loginQr(first, token));
        await(() -> api.connected(first, token), Duration.ofSeconds(30), () -> "the device to log in");
        return token;
    }

    private void sendUntilStopped(String token, AtomicBoolean running, ConcurrentLinkedQueue<String> accepted) {
        for (int i = 0; running.get(); i++) {
            String text = "out-" + i;
            GatewayApi.Answer answer = api.send(baseUrl, "POST", "/chats/" + FRIEND + "/messages",
                    "{\"text\":\"" + text + "\"}", bearer(token), Duration.ofSeconds(15));
            if (answer.status() == 200) {
                accepted.add(text);
            } else {
                // the gateway is down (or died during the request, which then was not accepted), or refused it
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static Set<String> friendReceived(SandboxControl control) {
        return control.phoneMessages(FRIEND).stream().map(ReceivedMessage::text).collect(Collectors.toSet());
    }
}
