package dev.wagateway.app.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings the original gateway accepted that this one does not implement, and which are therefore left out of
 * docs/configuration.md: still accepted (an old deployment's environment keeps starting), each set one is warned
 * about once at start so that nobody believes it took effect.
 */
public final class UnsupportedSettings {

    private UnsupportedSettings() {
    }

    /** One warning per unsupported setting that {@code config} sets; empty when none is set. */
    public static List<String> warnings(Config config) {
        List<String> warnings = new ArrayList<>();
        if (config.datastore().keysUri().isPresent()) {
            // a separate key database is not built (issue 22): the keys stay beside everything else
            warnings.add("WHATSAPP_KEYS_DATASTORE_URI is set but not supported: the protocol keys (identities, "
                    + "pre-keys, sessions, sender keys, app-state keys) stay in the main database "
                    + (config.datastore().uri().isPresent() ? "(WHATSAPP_DATASTORE_URI)" : "(the embedded PostgreSQL)")
                    + "; the separate database is not used");
        }
        return warnings;
    }
}
