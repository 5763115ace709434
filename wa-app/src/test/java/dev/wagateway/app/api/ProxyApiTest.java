package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and media through proxies (issue 22, api.md §6.1): a gateway whose {@code WHATSAPP_CLIENT_PROXY_URL} is
 * an authenticating HTTP CONNECT proxy on loopback, and a device overriding it with an authenticating SOCKS5 proxy.
 * Each proxy counts the tunnels it opened to the sandbox's chat port and media port; messages and files go both
 * ways through them; a wrong password is a clear failure; the REST routes validate and never show a password.
 */
class ProxyApiTest {

    private static final String FRIEND = "15552220000";
    private static final String CONNECT_PASSWORD = "connect-secret";
    private static final String SOCKS_PASSWORD = "so@ks:secret";

    private static TestConnectProxy connectProxy;
    private static TestSocks5Proxy socksProxy;
    private static TestGateway gateway;
    private static int chatPort;
    private static int mediaPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        connectProxy = new TestConnectProxy("gw", CONNECT_PASSWORD);
        socksProxy = new TestSocks5Proxy("dev", SOCKS_PASSWORD);
        gateway = TestGateway.start(Map.of("WHATSAPP_CLIENT_PROXY_URL",
                "http://gw:" + CONNECT_PASSWORD + "@127.0.0.1:" + connectProxy.port(),
                "WHATSAPP_AUTO_TYPING_ENABLED", "false"));
        SandboxServer sandbox = gateway.application().sandbox().orElseThrow();
        chatPort = sandbox.webSocketUrl().getPort();
        String mediaHost = sandbox.mediaHostname();
        mediaPort = Integer.parseInt(mediaHost.substring(mediaHost.lastIndexOf(':') + 1));
        gateway.phone(FRIEND);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        connectProxy.close();
        socksProxy.close();
    }

    @Test
    void sessionsAndMediaGoThroughTheGlobalConnectProxy() throws Exception {
        String token = gateway.pairedDevice("15552220001");
        assertThat(connectProxy.tunnelsToPort(chatPort)).isGreaterThanOrEqualTo(1);

        String sent = sendText(token, "through the proxy");
        await(() -> phoneGot(sent).isPresent(), "the phone to receive the proxied message");
        String reply = gateway.sandbox().phoneSendText(FRIEND, "15552220001", "reply through the proxy");
        await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "/messages?limit=20", null).body()
                .contains(reply), "the proxied device to receive the phone's reply");

        long uploadedBefore = connectProxy.bytesToPort(mediaPort);
        byte[] pdf = MediaApiTest.pdf(120_000);
        TestGateway.Answer upload = gateway.upload(token, "/chats/" + FRIEND + "/documents", Map.of(), "a.pdf",
                "application/pdf", pdf);
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        String documentId = upload.json().path("data").path("message_id").asText();
        await(() -> phoneGot(documentId).isPresent(), "the phone to receive the proxied upload");
        assertThat(phoneGot(documentId).orElseThrow().media().sha256())
                .isEqualTo(HexFormat.of().formatHex(Digests.sha256(pdf)));
        assertThat(connectProxy.tunnelsToPort(mediaPort)).isGreaterThanOrEqualTo(1);
        assertThat(connectProxy.bytesToPort(mediaPort) - uploadedBefore).isGreaterThanOrEqualTo(pdf.length);

        // the download may reuse the upload's tunnel (kept for the next transfer): its bytes still pass the proxy
        long beforeDownload = connectProxy.bytesFromPort(mediaPort);
        byte[] incoming = MediaApiTest.pdf(90_000);
        String incomingId = gateway.sandbox().phoneSend(FRIEND, "15552220001", new PhoneContent.File(
                PhoneContent.FileKind.DOCUMENT, incoming, null, null, "in.pdf", false));
        assertThat(download(token, incomingId)).isEqualTo(incoming);
        assertThat(connectProxy.bytesFromPort(mediaPort) - beforeDownload).isGreaterThanOrEqualTo(incoming.length);

        JsonNode proxy = gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy");
        assertThat(proxy.path("proxy_url").asText()).isEmpty();
        assertThat(proxy.path("active").asBoolean()).isFalse();
        assertThat(proxy.path("effective_proxy_url").asText())
                .isEqualTo("http://gw:***@127.0.0.1:" + connectProxy.port());
    }

    @Test
    void aDeviceProxyOverridesTheGlobalOne() throws Exception {
        String phone = "15552220002";
        String token = gateway.createDevice(gateway.createApiKey(1), "socks").path("token").asText();
        setProxy(token, "socks5h://dev:" + encoded(SOCKS_PASSWORD) + "@127.0.0.1:" + socksProxy.port());
        long connectTunnels = connectProxy.tunnels().size();

        gateway.pair(token, phone);
        assertThat(socksProxy.tunnelsToPort(chatPort)).isGreaterThanOrEqualTo(1);
        String sent = sendText(token, "through socks");
        await(() -> phoneGot(sent).isPresent(), "the phone to receive the message sent through SOCKS5");
        TestGateway.Answer upload = gateway.upload(token, "/chats/" + FRIEND + "/documents", Map.of(), "b.pdf",
                "application/pdf", MediaApiTest.pdf(50_000));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(socksProxy.tunnelsToPort(mediaPort)).isGreaterThanOrEqualTo(1);
        // the global proxy carried none of it (the other tests' devices stay connected meanwhile, opening nothing)
        assertThat(connectProxy.tunnels()).hasSize((int) connectTunnels);

        JsonNode proxy = gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy");
        assertThat(proxy.path("proxy_url").asText()).isEqualTo("socks5://dev:***@127.0.0.1:" + socksProxy.port());
        assertThat(proxy.path("effective_proxy_url").asText()).isEqualTo(proxy.path("proxy_url").asText());
        assertThat(proxy.path("active").asBoolean()).isTrue();
        assertThat(proxy.toString()).doesNotContain("so@ks").doesNotContain(encoded(SOCKS_PASSWORD));
        // the same proxy again changes nothing: the connection stays
        setProxy(token, "socks5h://dev:" + encoded(SOCKS_PASSWORD) + "@127.0.0.1:" + socksProxy.port());
        assertThat(gateway.connected(token)).isTrue();
    }

    @Test
    void aDeviceCanOptOutOfTheGlobalProxy() throws Exception {
        String phone = "15552220004";
        String token = gateway.createDevice(gateway.createApiKey(1), "direct").path("token").asText();
        setProxy(token, "DIRECT"); // any case, stored as "direct"
        long connectTunnels = connectProxy.tunnels().size();
        long socksTunnels = socksProxy.tunnels().size();

        gateway.pair(token, phone);
        String sent = sendText(token, "not through any proxy");
        await(() -> phoneGot(sent).isPresent(), "the phone to receive the direct message");
        TestGateway.Answer upload = gateway.upload(token, "/chats/" + FRIEND + "/documents", Map.of(), "c.pdf",
                "application/pdf", MediaApiTest.pdf(40_000));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        String documentId = upload.json().path("data").path("message_id").asText();
        await(() -> phoneGot(documentId).isPresent(), "the phone to receive the direct upload");
        // neither proxy carried any of it (the other tests' devices stay connected meanwhile, opening nothing)
        assertThat(connectProxy.tunnels()).hasSize((int) connectTunnels);
        assertThat(socksProxy.tunnels()).hasSize((int) socksTunnels);

        JsonNode proxy = gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy");
        assertThat(proxy.path("proxy_url").asText()).isEqualTo("direct");
        assertThat(proxy.path("direct").asBoolean()).isTrue();
        assertThat(proxy.path("active").asBoolean()).isFalse();
        assertThat(proxy.path("effective_proxy_url").asText()).isEmpty();

        // cleared: the global proxy applies again, which changes what the connection uses, so it is dropped
        setProxy(token, "");
        assertThat(gateway.connected(token)).isFalse();
        JsonNode cleared = gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy");
        assertThat(cleared.path("direct").asBoolean()).isFalse();
        assertThat(cleared.path("effective_proxy_url").asText())
                .isEqualTo("http://gw:***@127.0.0.1:" + connectProxy.port());
    }

    @Test
    void aWrongPasswordIsAClearFailureAndTheRightOneReconnects() {
        String phone = "15552220003";
        String token = gateway.pairedDevice(phone);
        int refusals = socksProxy.refusals();
        setProxy(token, "socks5://dev:wrong-password@127.0.0.1:" + socksProxy.port());
        assertThat(gateway.connected(token)).as("a proxy change drops the connection").isFalse();

        JsonNode failed = reconnectResult(phone);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("refused the user name or password")
                .doesNotContain("wrong-password");
        assertThat(socksProxy.refusals()).isGreaterThan(refusals);

        setProxy(token, "socks5://dev:" + encoded(SOCKS_PASSWORD) + "@127.0.0.1:" + socksProxy.port());
        assertThat(reconnectResult(phone).path("status").asText()).isEqualTo("reconnected");
        String sent = sendText(token, "after the fix");
        await(() -> phoneGot(sent).isPresent(), "the phone to receive the message after the password fix");

        // a CONNECT proxy asking for other credentials: a 407, named as such
        setProxy(token, "http://gw:nope@127.0.0.1:" + connectProxy.port());
        JsonNode refused = reconnectResult(phone);
        assertThat(refused.path("status").asText()).isEqualTo("failed");
        assertThat(refused.path("error").asText()).contains("407").doesNotContain("nope");
        setProxy(token, "");
        assertThat(reconnectResult(phone).path("status").asText()).isEqualTo("reconnected");
    }

    @Test
    void badProxyUrlsAreRefusedWithAClearMessageAndNoPassword() {
        String token = gateway.createDevice(gateway.createApiKey(1), "validation").path("token").asText();
        Map<String, String> cases = Map.of(
                "ftp://proxy.example.com:21", "must start with http://, https://, socks5:// or socks5h://",
                "socks5://user:hunter2@/", "no host",
                "http://proxy.example.com:99999", "port must be between 1 and 65535",
                "http://proxy.example.com:3128/path", "must not have a path",
                "not a url", "not a valid URL",
                "http://:hunter2@proxy.example.com:3128", "without a user name");
        cases.forEach((url, message) -> {
            TestGateway.Answer answer = gateway.device(token, "POST", "/devices/me/proxy",
                    "{\"proxy_url\":\"" + url + "\"}");
            assertThat(answer.status()).as(url + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.message()).as(url).startsWith("Invalid proxy_url: ").contains(message)
                    .doesNotContain("hunter2");
        });
        assertThat(gateway.device(token, "POST", "/devices/me/proxy", "not json").status()).isEqualTo(400);
        assertThat(gateway.call("POST", "/devices/me/proxy", "{\"proxy_url\":\"\"}", Map.of()).status())
                .isEqualTo(401);
        assertThat(gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy")
                .path("active").asBoolean()).isFalse();
        // the accepted forms, then cleared with "" (and an absent field, as Orig)
        for (String url : new String[]{"http://proxy.example.com", "https://u:p@proxy.example.com:8443",
                "socks5://[::1]:1080", "SOCKS5H://proxy.example.com"}) {
            setProxy(token, url);
        }
        assertThat(gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy")
                .path("proxy_url").asText()).isEqualTo("socks5://proxy.example.com:1080");
        gateway.device(token, "POST", "/devices/me/proxy", "{}").ok("Device proxy configured successfully");
        assertThat(gateway.device(token, "GET", "/devices/me/proxy", null).ok("Success get device proxy")
                .path("proxy_url").asText()).isEmpty();
    }

    private static void setProxy(String token, String url) {
        gateway.device(token, "POST", "/devices/me/proxy", "{\"proxy_url\":\"" + url + "\"}")
                .ok("Device proxy configured successfully");
    }

    private static String sendText(String token, String text) {
        TestGateway.Answer answer = gateway.device(token, "POST", "/chats/" + FRIEND + "/messages",
                "{\"text\":\"" + text + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("data").path("message_id").asText();
    }

    private static Optional<ReceivedMessage> phoneGot(String id) {
        return gateway.sandbox().phoneMessages(FRIEND).stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The admin batch reconnect's row for the device paired with {@code phone}. */
    private static JsonNode reconnectResult(String phone) {
        JsonNode results = gateway.admin("POST", "/admin/devices/reconnect", null)
                .ok("Reconnect operation completed").path("results");
        for (JsonNode row : results) {
            if (row.path("device_name").asText().equals(phone)) { // pairedDevice names the device after its phone
                return row;
            }
        }
        throw new AssertionError("no reconnect result for " + phone + " in " + results);
    }

    private byte[] download(String token, String id) throws Exception {
        await(() -> gateway.device(token, "GET", "/messages/" + id + "/media", null).status() == 200,
                "message " + id + " to be downloadable");
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/messages/"
                        + id + "/media")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static String encoded(String password) {
        return java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
    }
}
