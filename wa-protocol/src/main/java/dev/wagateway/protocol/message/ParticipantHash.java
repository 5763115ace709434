package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code phash} of a group message (protocol §6.6): {@code "2:"} and the standard base64 of the first 6 bytes of
 * SHA-256 over the sorted recipient devices, each written {@code user.agent:device@server} (whatsmeow's form).
 */
final class ParticipantHash {

    private ParticipantHash() {
    }

    static String of(List<Jid> devices) {
        String joined = String.join("", devices.stream()
                .map(d -> d.user() + "." + d.agent() + ":" + d.device() + "@" + d.server()).sorted().toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return "2:" + Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
