package dev.wagateway.sandbox;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP {@code CONNECT} proxy on loopback for the proxy tests, plain or behind TLS: it keeps the head of every
 * request it was sent, counts the tunnels it opened, answers each {@code CONNECT} with 200 and then pipes bytes both
 * ways to the loopback port named. Real sockets; closing it closes every connection it holds.
 */
final class LoopbackConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tunnels = new AtomicInteger();

    private LoopbackConnectProxy(ServerSocket server) {
        this.server = server;
        Thread.ofVirtual().start(this::accept);
    }

    /** A plain proxy ({@code http://127.0.0.1:port}). */
    static LoopbackConnectProxy plain() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new LoopbackConnectProxy(server);
    }

    /** A proxy behind TLS ({@code https://127.0.0.1:port}) with the certificate {@code tls} issued. */
    static LoopbackConnectProxy overTls(MediaTls tls) throws Exception {
        return new LoopbackConnectProxy(tlsServerSocket(tls));
    }

    /** A loopback server socket presenting the certificate {@code tls} issued for 127.0.0.1. */
    static ServerSocket tlsServerSocket(MediaTls tls) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.serverKeyStore(), tls.keyStorePassword().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    /** The head of an HTTP request, or null at the end of the stream. */
    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The head of every request received, in order (a client that failed TLS sent none). */
    List<String> requests() {
        return requests;
    }

    /** How many {@code CONNECT} tunnels were opened. */
    int tunnels() {
        return tunnels.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                Thread.ofVirtual().start(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            String request = head(client.getInputStream());
            if (request == null) {
                return;
            }
            requests.add(request);
            if (!request.startsWith("CONNECT ")) {
                return;
            }
            tunnels.incrementAndGet();
            String target = request.split(" ")[1];
            try (Socket upstream = new Socket("127.0.0.1", Integer.parseInt(target.substring(
                    target.lastIndexOf(':') + 1)))) {
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                Thread back = Thread.ofVirtual().start(() -> {
                    try {
                        upstream.getInputStream().transferTo(client.getOutputStream());
                    } catch (IOException ignored) {
                        // closed
                    }
                });
                client.getInputStream().transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away (or failed TLS with the proxy)
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
