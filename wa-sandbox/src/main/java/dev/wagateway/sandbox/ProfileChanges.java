package dev.wagateway.sandbox;

/**
 * A phone's profile changes from the control API ({@code PATCH /sandbox/phones/{phone}/profile}): about text,
 * picture, privacy settings and block list, every value checked before any is applied, so a bad value (400) or an
 * unknown blocked user (404) changes nothing.
 */
final class ProfileChanges {

    private final Directory directory;

    ProfileChanges(Directory directory) {
        this.directory = directory;
    }

    /** Applies {@code update} to {@code account}'s profile, all of it or nothing. */
    void apply(Account account, ProfileUpdate update) {
        AccountProfile profile = account.profile();
        java.util.Map<dev.wagateway.protocol.user.PrivacySetting, String> privacy = new java.util.HashMap<>();
        if (update.privacy() != null) {
            update.privacy().forEach((name, value) -> {
                dev.wagateway.protocol.user.PrivacySetting setting = java.util.Arrays.stream(
                                dev.wagateway.protocol.user.PrivacySetting.values())
                        .filter(s -> SandboxUsers.controlName(s).equals(name)).findFirst()
                        .orElseThrow(() -> new SandboxException(400, "unknown privacy setting " + name));
                if (value == null || !setting.allowed().contains(value)) {
                    throw new SandboxException(400, "privacy." + name + " must be one of " + setting.allowed());
                }
                privacy.put(setting, value);
            });
        }
        byte[] picture = null;
        if (update.pictureBase64() != null) {
            try {
                picture = java.util.Base64.getDecoder().decode(update.pictureBase64());
            } catch (IllegalArgumentException e) {
                throw new SandboxException(400, "picture must be base64");
            }
            if (!dev.wagateway.protocol.group.GroupStanzas.isJpeg(picture) || picture.length > SandboxUsers.MAX_PICTURE) {
                throw new SandboxException(400, "picture must be a JPEG of at most 2 MiB");
            }
        }
        java.util.List<Account> blocked = new java.util.ArrayList<>();
        if (update.blocked() != null) {
            for (String user : update.blocked()) {
                blocked.add(directory.account(SandboxControl.recipient(user))
                        .orElseThrow(() -> new SandboxException(404, "unknown user " + user)));
            }
        }
        if (update.status() != null) {
            if (update.status().codePointCount(0, update.status().length()) > SandboxUsers.MAX_ABOUT) {
                throw new SandboxException(400, "status must be at most " + SandboxUsers.MAX_ABOUT + " characters");
            }
            profile.about(update.status());
        }
        privacy.forEach((setting, value) -> {
            profile.privacy(setting, value);
            if (setting == dev.wagateway.protocol.user.PrivacySetting.GROUP_ADD) {
                account.groupAddPrivacy(value);
            }
        });
        if (picture != null) {
            profile.picture(new AccountProfile.Picture(String.valueOf(System.currentTimeMillis()), picture));
        }
        if (update.blocked() != null) {
            for (Account other : directory.accounts()) {
                profile.block(other, blocked.contains(other));
            }
        }
    }
}
