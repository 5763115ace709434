package dev.wagateway.app.config;

/**
 * The two secrets the server needs, resolved from the configuration or from the data folder.
 *
 * @param adminGenerated true when the admin secret was not configured but generated and kept under the data folder
 * @param jwtGenerated   likewise for the JWT secret
 */
public record ServerSecrets(String adminSecret, String jwtSecret, boolean adminGenerated, boolean jwtGenerated) {

    @Override
    public String toString() {
        return "ServerSecrets[admin=" + (adminGenerated ? "generated" : "configured")
                + ", jwt=" + (jwtGenerated ? "generated" : "configured") + "]";
    }
}
