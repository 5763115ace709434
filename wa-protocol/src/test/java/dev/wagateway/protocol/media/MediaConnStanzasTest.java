package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The media_conn IQ and its answer, in the shapes whatsmeow and Baileys send and read. */
class MediaConnStanzasTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theRequestIsASetIqInTheMediaNamespace() {
        Node iq = MediaConnStanzas.request();
        assertThat(iq.tag()).isEqualTo("iq");
        assertThat(iq.attribute("xmlns")).contains("w:m");
        assertThat(iq.attribute("type")).contains("set");
        assertThat(iq.jidAttribute("to")).contains(dev.wagateway.protocol.binary.Jid.SERVER);
        assertThat(iq.children()).extracting(Node::tag).containsExactly("media_conn");
    }

    @Test
    void theAnswerGivesHostsAuthAndExpiry() throws MalformedNodeException {
        Node answer = Node.builder("iq").attribute("type", "result").children(Node.builder("media_conn")
                .attribute("auth", "AUTH==").attribute("ttl", "300").attribute("auth_ttl", "21600")
                .attribute("max_buckets", "12").children(
                        Node.builder("host").attribute("hostname", "mmg.whatsapp.net")
                                .attribute("fallback_hostname", "media-fallback.whatsapp.net")
                                .attribute("maxContentLengthBytes", "104857600").build(),
                        Node.builder("host").attribute("hostname", "localhost:7443").build()).build()).build();
        MediaConn conn = MediaConnStanzas.parse(answer, NOW);
        assertThat(conn.auth()).isEqualTo("AUTH==");
        assertThat(conn.ttl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(conn.authTtl()).isEqualTo(Duration.ofHours(6));
        assertThat(conn.maxBuckets()).isEqualTo(12);
        assertThat(conn.hosts()).containsExactly(
                new MediaHost("mmg.whatsapp.net", Optional.of("media-fallback.whatsapp.net"), 104857600),
                new MediaHost("localhost:7443", Optional.empty(), 0));
        assertThat(conn.hostnamesToTry()).containsExactly("mmg.whatsapp.net", "localhost:7443",
                "media-fallback.whatsapp.net");
        assertThat(conn.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(conn.isExpired(NOW.plusSeconds(299))).isFalse();
        assertThat(conn.isExpired(NOW.plusSeconds(300))).isTrue();
    }

    @Test
    void incompleteAnswersAreRefused() {
        for (Node conn : List.of(
                Node.builder("media_conn").attribute("ttl", "300")
                        .children(Node.builder("host").attribute("hostname", "h").build()).build(),
                Node.builder("media_conn").attribute("auth", "a").attribute("ttl", "x")
                        .children(Node.builder("host").attribute("hostname", "h").build()).build(),
                Node.builder("media_conn").attribute("auth", "a").attribute("ttl", "300").build(),
                Node.builder("media_conn").attribute("auth", "a").attribute("ttl", "300")
                        .children(Node.of("host")).build())) {
            Node answer = Node.builder("iq").attribute("type", "result").children(conn).build();
            assertThatThrownBy(() -> MediaConnStanzas.parse(answer, NOW)).isInstanceOf(MalformedNodeException.class);
        }
        assertThatThrownBy(() -> MediaConnStanzas.parse(Node.of("iq"), NOW)).isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void uploadAnswersAreReadFromJson() {
        assertThat(UploadAnswer.parse("{\"url\":\"https:\\/\\/h\\/v\\/x?a=1\",\"direct_path\":\"/v/x?a=1\","
                + "\"handle\":\"h1\",\"ts\":5}"))
                .contains(new UploadAnswer("https://h/v/x?a=1", "/v/x?a=1", "h1"));
        assertThat(UploadAnswer.parse("{}")).isEmpty();
        assertThat(UploadAnswer.parse("not json")).isEmpty();
        assertThat(UploadAnswer.parse("{\"url\": \"u\"")).isEmpty();
    }
}
