package dev.wagateway.sandbox;

import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.Map;

/**
 * The media host: HTTPS only, on a port of its own, with a certificate from the sandbox CA ({@link MediaTls}). Its
 * name in {@code media_conn} is {@code <host>:<port>}: Baileys and whatsmeow put the hostname straight into
 * {@code https://<hostname>/mms/...} URLs, so a port there reaches it.
 */
final class MediaHostServer implements AutoCloseable {

    private final Javalin app;
    private final String advertisedHost;

    MediaHostServer(String bindHost, MediaTls tls, MediaStore media) {
        this.advertisedHost = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "localhost" : bindHost;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MediaStore.MAX_BLOB;
            config.jetty.addConnector((server, http) -> {
                HttpConfiguration https = new HttpConfiguration(http);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                // Clients that reach the host by IP send no SNI; the certificate covers the names anyway.
                secure.setSniHostCheck(false);
                https.addCustomizer(secure);
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(tls.serverKeyStore());
                ssl.setKeyStorePassword(tls.keyStorePassword());
                ServerConnector connector = new ServerConnector(server,
                        new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                connector.setHost(bindHost);
                connector.setPort(0);
                return connector;
            });
        });
        new MediaRoutes(media).register(app);
        app.exception(SandboxException.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
        app.start();
    }

    /** {@code host:port}, as {@code media_conn} announces it. */
    String hostname() {
        return advertisedHost + ":" + app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
