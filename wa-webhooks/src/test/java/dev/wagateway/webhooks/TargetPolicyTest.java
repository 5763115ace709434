package dev.wagateway.webhooks;

import dev.wagateway.core.webhook.WebhookTargetCheck;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The URL policy of api.md §7.4: https only, and no private, loopback, link-local or metadata targets, unless
 * {@code WEBHOOK_ALLOW_INSECURE} (http and private) or {@code WEBHOOK_ALLOW_PRIVATE_TARGETS} (private only) says so.
 */
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

    private final TargetPolicy strict = new TargetPolicy(false, false, FIXED);

    @Test
    void privateAndLocalTargetsAreRefused() {
        for (String url : List.of("https://127.0.0.1/hook", "https://10.0.0.5/x",
                "https://169.254.169.254/latest/meta-data", "https://localhost:8080/",
                "https://rebind.example.com/hook", "https://192.168.1.10/", "https://172.16.0.1/", "https://[::1]/",
                "https://[fd00::1]/", "https://[::ffff:10.0.0.1]/", "https://0.0.0.0/", "https://100.64.0.1/")) {
            assertThat(strict.refusal(url)).as(url).contains("private/local network URLs are not allowed");
        }
    }

    @Test
    void onlyHttpsIsAllowedUnlessInsecureIsAllowed() {
        assertThat(strict.refusal("https://hooks.example.com/whatsapp")).isEmpty();
        assertThat(strict.refusal("https://93.184.216.34/hook")).isEmpty();
        assertThat(strict.refusal("http://93.184.216.34/hook")).contains("only HTTPS URLs are allowed");
        assertThat(strict.refusal("http://hooks.example.com/")).contains("only HTTPS URLs are allowed");
        assertThat(strict.refusal("ftp://hooks.example.com/")).contains("only HTTPS URLs are allowed");
        // the scheme is refused first: a plain URL to a private address never gets as far as resolving
        assertThat(strict.refusal("http://127.0.0.1/")).contains("only HTTPS URLs are allowed");
        // at creation, a plain http URL's refusal names the switch that permits it
        assertThat(strict.refusalAtCreation("http://127.0.0.1:9/hook"))
                .contains(TargetPolicy.HTTPS_ONLY + TargetPolicy.HTTP_SWITCH_HINT);
        assertThat(strict.refusalAtCreation("ftp://hooks.example.com/")).contains(TargetPolicy.HTTPS_ONLY);
        assertThat(strict.refusal("https://user:pass@hooks.example.com/"))
                .contains("URLs with credentials are not allowed");
        assertThat(strict.refusal("https://nowhere.invalid/"))
                .hasValueSatisfying(r -> assertThat(r).contains("does not resolve"));
        assertThat(strict.refusal("not a url")).isPresent();
    }

    @Test
    void privateTargetsAloneDoNotAllowPlainHttp() {
        TargetPolicy privateOnly = new TargetPolicy(false, true, FIXED);
        assertThat(privateOnly.allowsPrivateTargets()).isTrue();
        assertThat(privateOnly.refusal("https://127.0.0.1:9999/hook")).isEmpty();
        assertThat(privateOnly.refusal("https://rebind.example.com/hook")).isEmpty();
        assertThat(privateOnly.refusal("http://127.0.0.1:9999/hook")).contains("only HTTPS URLs are allowed");
    }

    @Test
    void insecureAllowsPlainHttpAndPrivateTargets() {
        TargetPolicy insecure = new TargetPolicy(true, false, FIXED);
        assertThat(insecure.allowsPrivateTargets()).isTrue();
        assertThat(insecure.refusal("http://127.0.0.1:9999/hook")).isEmpty();
        assertThat(insecure.refusal("http://10.0.0.5/hook")).isEmpty();
        assertThat(insecure.refusal("https://localhost/hook")).isEmpty();
        assertThat(insecure.refusal("ftp://127.0.0.1/")).contains("only HTTP and HTTPS URLs are allowed");
        assertThat(insecure.refusal("http://user:pass@127.0.0.1/")).contains("URLs with credentials are not allowed");
    }

    @Test
    void atCreationAnUnresolvableNameIsAcceptedButAPrivateOneIsNot() {
        assertThat(strict.refusal("https://nowhere.invalid/hook"))
                .contains("the host nowhere.invalid does not resolve");
        assertThat(strict.refusalAtCreation("https://nowhere.invalid/hook")).isEmpty();
        assertThat(strict.refusalAtCreation("https://rebind.example.com/hook")).isPresent();
        assertThat(strict.refusalAtCreation("https://127.0.0.1/hook")).isPresent();
        assertThat(strict.refusalAtCreation("http://hooks.example.com/")).isPresent();
    }

    @Test
    void aDeliveryTellsAPermanentRefusalFromANameThatDoesNotResolveNow() {
        assertThat(strict.verdict("https://hooks.example.com/hook")).isEqualTo(new TargetVerdict.Allowed());
        assertThat(strict.verdict("https://10.0.0.1/hook")).isInstanceOf(TargetVerdict.Refused.class);
        assertThat(strict.verdict("gopher://hooks.example.com/")).isInstanceOf(TargetVerdict.Refused.class);
        assertThat(strict.verdict("https://nowhere.invalid/hook")).isInstanceOf(TargetVerdict.Unresolved.class);
    }

    @Test
    void asTheCorePortItChecksWithCreationSemantics() {
        WebhookTargetCheck port = strict.creationCheck();
        assertThat(port.refusal("https://nowhere.invalid/hook")).isEmpty();
        assertThat(port.refusal("https://169.254.169.254/latest")).isPresent();
        assertThat(port.refusal("https://hooks.example.com/hook")).isEmpty();
    }

    @Test
    void theAddressesToConnectToAreVettedToo() throws Exception {
        assertThat(strict.addressesToConnect("hooks.example.com"))
                .containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThatThrownBy(() -> strict.addressesToConnect("rebind.example.com"))
                .isInstanceOf(PrivateTargetException.class)
                .hasMessage("private/local network URLs are not allowed");
        assertThatThrownBy(() -> strict.addressesToConnect("nowhere.invalid"))
                .isInstanceOf(UnknownHostException.class).isNotInstanceOf(PrivateTargetException.class);
        assertThat(new TargetPolicy(false, true, FIXED).addressesToConnect("localhost"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }
}
