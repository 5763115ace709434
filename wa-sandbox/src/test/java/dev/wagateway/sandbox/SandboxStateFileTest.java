package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox's state file across restarts of a standalone sandbox: groups and profiles come back as they were; a
 * truncated file, or a section no piece can read, never stops the start: the unusable part starts empty, the rest is
 * restored, and the file is set aside for a look.
 */
class SandboxStateFileTest {

    private static final String ALICE = "15550616161";
    private static final String BOB = "15550717171";

    @TempDir
    Path dataDir;

    private final KeyPair root = Curve25519.generateKeyPair(SecureRandoms.create());

    @Test
    void groupsAndProfilesComeBackAsTheyWere() {
        Map<String, Object> group;
        Map<String, Object> profile;
        try (SandboxServer sandbox = start()) {
            sandbox.control().createPhone(ALICE, "Alice");
            sandbox.control().createPhone(BOB, "Bob");
            group = sandbox.groups().createGroup(ALICE, "Kept", List.of(BOB), "pn");
            profile = sandbox.control().updateProfile(BOB, new ProfileUpdate("away", null,
                    Map.of("last_seen", "none"), List.of(ALICE)));
        }
        try (SandboxServer sandbox = start()) {
            assertThat(sandbox.groups().group((String) group.get("jid"))).isEqualTo(group);
            assertThat(sandbox.control().profile(BOB)).isEqualTo(profile);
        }
    }

    @Test
    void aTruncatedFileStartsAnEmptyWorldAndIsSetAside() throws IOException {
        try (SandboxServer sandbox = start()) {
            sandbox.control().createPhone(ALICE, "Alice");
        }
        Path file = dataDir.resolve("sandbox-state.json");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        try (SandboxServer sandbox = start()) {
            assertThatThrownBy(() -> sandbox.control().profile(ALICE)).isInstanceOfSatisfying(SandboxException.class,
                    e -> assertThat(e.status()).isEqualTo(404));
            sandbox.control().createPhone(ALICE, "Alice again");
        }
        assertThat(setAside()).hasSize(1);
        try (SandboxServer sandbox = start()) {
            assertThat(sandbox.control().profile(ALICE)).isNotEmpty();
        }
    }

    @Test
    void anUnreadableSectionStartsOnlyThatPartEmpty() throws IOException {
        String group;
        try (SandboxServer sandbox = start()) {
            sandbox.control().createPhone(ALICE, "Alice");
            sandbox.control().createPhone(BOB, "Bob");
            group = (String) sandbox.groups().createGroup(ALICE, "Lost", List.of(BOB), "pn").get("jid");
        }
        Path file = dataDir.resolve("sandbox-state.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = (ObjectNode) json.readTree(file.toFile());
        ((ObjectNode) state.path("groups").path("groups").get(0)).put("members", "not a list").remove("invite_code");
        json.writeValue(file.toFile(), state);

        try (SandboxServer sandbox = start()) {
            assertThat(sandbox.control().profile(ALICE)).isNotEmpty();
            assertThat(sandbox.control().profile(BOB)).isNotEmpty();
            assertThatThrownBy(() -> sandbox.groups().group(group)).isInstanceOfSatisfying(SandboxException.class,
                    e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThat(setAside()).hasSize(1);
    }

    private SandboxServer start() {
        return RefusalCheck.start(SandboxSettings.loopback(root).withDataDir(dataDir));
    }

    private List<Path> setAside() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(path -> path.getFileName().toString().startsWith("sandbox-state.json.corrupt-"))
                    .toList();
        }
    }
}
