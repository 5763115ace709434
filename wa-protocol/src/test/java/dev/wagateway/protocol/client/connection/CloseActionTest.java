package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloseActionTest {

    @Test
    void streamErrors() {
        assertThat(kind(Node.builder("stream:error").attribute("code", "515").build()))
                .isEqualTo(CloseAction.Kind.RECONNECT_NOW);
        assertThat(kind(Node.builder("stream:error").attribute("code", "401")
                .children(Node.builder("conflict").attribute("type", "device_removed").build()).build()))
                .isEqualTo(CloseAction.Kind.LOGGED_OUT);
        assertThat(kind(Node.builder("stream:error")
                .children(Node.builder("conflict").attribute("type", "replaced").build()).build()))
                .isEqualTo(CloseAction.Kind.REPLACED);
        assertThat(kind(Node.builder("stream:error").attribute("code", "503").build()))
                .isEqualTo(CloseAction.Kind.RECONNECT);
        assertThat(kind(Node.builder("stream:error").attribute("code", "999").build()))
                .isEqualTo(CloseAction.Kind.RECONNECT);
        // a 401 without device_removed does not wipe the credentials (whatsmeow connectionevents.go)
        assertThat(kind(Node.builder("stream:error").attribute("code", "401").build()))
                .isEqualTo(CloseAction.Kind.RECONNECT);
    }

    @Test
    void loginFailures() {
        for (String loggedOut : new String[]{"401", "403", "406"}) {
            assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", loggedOut).build()).kind())
                    .isEqualTo(CloseAction.Kind.LOGGED_OUT);
        }
        assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", "503").build()).kind())
                .isEqualTo(CloseAction.Kind.RECONNECT);
        assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", "405").build()).kind())
                .isEqualTo(CloseAction.Kind.OUTDATED);
        assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", "402").build()).kind())
                .isEqualTo(CloseAction.Kind.STOP);
    }

    @Test
    void aRefusedLoginIsAConnectFailureButALogoutOrAStreamErrorIsNot() {
        CloseAction unavailable = CloseAction.fromFailure(Node.builder("failure").attribute("reason", "503").build());
        assertThat(unavailable.connectFailure()).isTrue();
        assertThat(unavailable.reason()).isEqualTo("login refused (503)");
        assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", "405").build())
                .connectFailure()).isTrue();
        assertThat(CloseAction.fromFailure(Node.builder("failure").attribute("reason", "401").build())
                .connectFailure()).isFalse();
        assertThat(CloseAction.fromStreamError(Node.builder("stream:error").attribute("code", "503").build())
                .connectFailure()).isFalse();
        assertThat(CloseAction.networkLoss().connectFailure()).isFalse();
    }

    private static CloseAction.Kind kind(Node error) {
        return CloseAction.fromStreamError(error).kind();
    }
}
