package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.user.PrivacySetting;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The profiles' part of the sandbox state, per account: about text, profile picture, privacy settings (the group-add
 * one included), block list. Restored after the accounts (its piece comes after theirs); a profile of an account the
 * state no longer has is dropped.
 */
final class ProfileState implements StatePiece {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder UNBASE64 = Base64.getDecoder();

    private final Directory directory;

    ProfileState(Directory directory) {
        this.directory = directory;
    }

    @Override
    public String section() {
        return "profiles";
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode profiles = JsonNodeFactory.instance.arrayNode();
        for (Account account : directory.accounts()) {
            AccountProfile profile = account.profile();
            ObjectNode node = profiles.addObject();
            node.put("phone", account.jid().user());
            node.put("about", profile.about());
            node.put("about_t", profile.aboutSetAt());
            profile.picture().ifPresent(picture -> node.putObject("picture").put("id", picture.id())
                    .put("jpeg", BASE64.encodeToString(picture.jpeg())));
            ObjectNode privacy = node.putObject("privacy");
            profile.privacy().forEach((setting, value) -> privacy.put(setting.name(), value));
            node.put("group_add", account.groupAddPrivacy());
            ArrayNode blocked = node.putArray("blocked");
            profile.blockedUsers().forEach(blocked::add);
        }
        return profiles;
    }

    @Override
    public void restore(JsonNode section) {
        record Kept(Account account, String about, long aboutSetAt, AccountProfile.Picture picture,
                    Map<PrivacySetting, String> privacy, String groupAdd, List<String> blocked) {
        }
        List<Kept> kept = new ArrayList<>();
        for (JsonNode node : section) {
            var account = directory.account(node.path("phone").asText());
            if (account.isEmpty()) {
                continue;
            }
            JsonNode picture = node.path("picture");
            Map<PrivacySetting, String> privacy = new EnumMap<>(PrivacySetting.class);
            node.path("privacy").properties().forEach(entry -> {
                PrivacySetting setting = PrivacySetting.valueOf(entry.getKey());
                if (setting.allowed().contains(entry.getValue().asText())) {
                    privacy.put(setting, entry.getValue().asText());
                }
            });
            List<String> blocked = new ArrayList<>();
            node.path("blocked").forEach(user -> blocked.add(user.asText()));
            kept.add(new Kept(account.get(), node.path("about").asText(), node.path("about_t").asLong(),
                    picture.isObject() ? new AccountProfile.Picture(picture.path("id").asText(),
                            UNBASE64.decode(picture.path("jpeg").asText())) : null,
                    privacy, node.path("group_add").asText("all"), blocked));
        }
        for (Kept profile : kept) {
            profile.account().profile().restore(profile.about(), profile.aboutSetAt(), profile.picture(),
                    profile.privacy(), profile.blocked());
            profile.account().groupAddPrivacy(profile.groupAdd());
        }
    }
}
