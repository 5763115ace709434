package dev.wagateway.webhooks.proxy;

/** A user and password for a proxy's Basic authentication. Never logged. */
public record ProxyCredentials(String user, String password) {

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "ProxyCredentials[user=" + user + "]";
    }
}
