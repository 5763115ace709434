package dev.wagateway.webhooks;

import dev.wagateway.core.webhook.WebhookTargetCheck;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSRF: private, loopback, link-local and metadata targets are refused unless explicitly allowed. */
class TargetPolicyTest {

    /** A resolver with fixed answers: public names may point anywhere, which is the point of the test. */
    private static final HostResolver FIXED = host -> {
        Map<String, String> answers = Map.of(
                "hooks.example.com", "93.184.216.34",
                "rebind.example.com", "10.1.2.3",
                "localhost", "127.0.0.1");
        String answer = answers.get(host);
        if (answer != null) {
            return List.of(InetAddress.getByName(answer));
        }
        if (host.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host);
    };

    private final TargetPolicy strict = new TargetPolicy(false, FIXED);

    @Test
    void privateAndLocalTargetsAreRefused() {
        for (String url : List.of("http://127.0.0.1/hook", "https://10.0.0.5/x", "http://169.254.169.254/latest/meta-data",
                "http://localhost:8080/", "https://rebind.example.com/hook", "http://192.168.1.10/",
                "http://172.16.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://[::ffff:10.0.0.1]/",
                "http://0.0.0.0/", "http://100.64.0.1/")) {
            assertThat(strict.refusal(url)).as(url).hasValueSatisfying(reason ->
                    assertThat(reason).contains("private/local network URLs are not allowed"));
        }
    }

    @Test
    void publicHttpsTargetsAreAllowedAndOtherSchemesAreNot() {
        assertThat(strict.refusal("https://hooks.example.com/whatsapp")).isEmpty();
        assertThat(strict.refusal("http://93.184.216.34/hook")).isEmpty();
        assertThat(strict.refusal("ftp://hooks.example.com/")).contains("only http and https URLs are allowed");
        assertThat(strict.refusal("https://user:pass@hooks.example.com/")).contains("URLs with credentials are not allowed");
        assertThat(strict.refusal("https://nowhere.invalid/")).hasValueSatisfying(r -> assertThat(r).contains("does not resolve"));
        assertThat(strict.refusal("not a url")).isPresent();
    }

    @Test
    void atCreationAnUnresolvableNameIsAcceptedButAPrivateOneIsNot() {
        assertThat(strict.refusal("https://nowhere.invalid/hook")).contains("the host nowhere.invalid does not resolve");
        assertThat(strict.refusalAtCreation("https://nowhere.invalid/hook")).isEmpty();
        assertThat(strict.refusalAtCreation("https://rebind.example.com/hook")).isPresent();
        assertThat(strict.refusalAtCreation("http://127.0.0.1/hook")).isPresent();
        assertThat(strict.refusalAtCreation("ftp://hooks.example.com/")).isPresent();
    }

    @Test
    void aDeliveryTellsAPermanentRefusalFromANameThatDoesNotResolveNow() {
        assertThat(strict.verdict("https://hooks.example.com/hook")).isEqualTo(new TargetVerdict.Allowed());
        assertThat(strict.verdict("http://10.0.0.1/hook")).isInstanceOf(TargetVerdict.Refused.class);
        assertThat(strict.verdict("gopher://hooks.example.com/")).isInstanceOf(TargetVerdict.Refused.class);
        assertThat(strict.verdict("https://nowhere.invalid/hook")).isInstanceOf(TargetVerdict.Unresolved.class);
    }

    @Test
    void asTheCorePortItChecksWithCreationSemantics() {
        WebhookTargetCheck port = strict.creationCheck();
        assertThat(port.refusal("https://nowhere.invalid/hook")).isEmpty();
        assertThat(port.refusal("http://169.254.169.254/latest")).isPresent();
        assertThat(port.refusal("https://hooks.example.com/hook")).isEmpty();
    }

    @Test
    void theAddressesToConnectToAreVettedToo() throws Exception {
        assertThat(strict.addressesToConnect("hooks.example.com"))
                .containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThatThrownBy(() -> strict.addressesToConnect("rebind.example.com"))
                .isInstanceOf(PrivateTargetException.class).hasMessageContaining("10.1.2.3");
        assertThatThrownBy(() -> strict.addressesToConnect("nowhere.invalid"))
                .isInstanceOf(UnknownHostException.class).isNotInstanceOf(PrivateTargetException.class);
        assertThat(new TargetPolicy(true, FIXED).addressesToConnect("localhost"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void theSwitchAllowsLocalTargetsForTestsAndLocalSetups() {
        TargetPolicy relaxed = new TargetPolicy(true, FIXED);
        assertThat(relaxed.refusal("http://127.0.0.1:9999/hook")).isEmpty();
        assertThat(relaxed.refusal("ftp://127.0.0.1/")).isPresent();
    }
}
