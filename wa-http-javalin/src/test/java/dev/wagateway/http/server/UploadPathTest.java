package dev.wagateway.http.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload paths are told apart exactly as the regular expressions they replaced did. */
class UploadPathTest {

    private static final UploadPath FILES =
            new UploadPath("/chats", List.of("images", "documents", "videos", "audio", "stickers"));
    private static final Pattern FILES_REGEX =
            Pattern.compile(".*/chats/[^/]+/(images|documents|videos|audio|stickers)");
    private static final UploadPath BASE64 = new UploadPath("/sandbox/phones", List.of("messages"));
    private static final Pattern BASE64_REGEX = Pattern.compile(".*/sandbox/phones/[^/]+/messages");

    @Test
    void knownPaths() {
        assertThat(FILES.matches("/chats/123@s.whatsapp.net/images")).isTrue();
        assertThat(FILES.matches("/api/v1/chats/1/stickers")).isTrue();
        assertThat(FILES.matches("/chats//images")).isFalse();
        assertThat(FILES.matches("/chats/a/b/images")).isFalse();
        assertThat(FILES.matches("/chats/1/images/")).isFalse();
        assertThat(FILES.matches("/chats/1/imagesx")).isFalse();
        assertThat(FILES.matches("/x/chats/1/audio")).isTrue(); // as the regex: anything may come before "/chats"
        assertThat(FILES.matches("/xchats/1/audio")).isFalse();
        assertThat(FILES.matches("chats/1/audio")).isFalse();
        assertThat(FILES.matches("/chats/1/messages")).isFalse();
        assertThat(BASE64.matches("/sandbox/phones/15551234567/messages")).isTrue();
        assertThat(BASE64.matches("/sandbox/phones/messages")).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomPaths() {
        String[] segments = {"", "chats", "sandbox", "phones", "images", "audio", "messages", "stickers", "x",
                "documents", "videos", "12@s.whatsapp.net"};
        Random random = new Random(20);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder path = new StringBuilder(random.nextInt(8) == 0 ? "" : "/");
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                path.append(j == 0 ? "" : "/").append(segments[random.nextInt(segments.length)]);
            }
            paths.add(path.toString());
        }
        int files = 0;
        int base64 = 0;
        for (String path : paths) {
            boolean expectedFiles = FILES_REGEX.matcher(path).matches();
            boolean expectedBase64 = BASE64_REGEX.matcher(path).matches();
            assertThat(FILES.matches(path)).as(path).isEqualTo(expectedFiles);
            assertThat(BASE64.matches(path)).as(path).isEqualTo(expectedBase64);
            files += expectedFiles ? 1 : 0;
            base64 += expectedBase64 ? 1 : 0;
        }
        // the sample must hold both kinds of match, or the comparison proves little
        assertThat(files).isGreaterThan(10);
        assertThat(base64).isGreaterThan(10);
    }
}
