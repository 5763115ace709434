package dev.wagateway.app.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on loopback written for the tests: it speaks its handshake (HTTP CONNECT or SOCKS5, in the subclasses),
 * checks the credentials it was given, records every tunnel it opened ({@code host:port} as the client named it)
 * and every refusal, and pipes bytes both ways, counting them by target port (a reused tunnel opens
 * nothing new, but its bytes still pass here).
 */
abstract class TestTunnelProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final java.util.Map<Integer, java.util.concurrent.atomic.AtomicLong> bytesFrom =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Integer, java.util.concurrent.atomic.AtomicLong> bytesTo =
            new java.util.concurrent.ConcurrentHashMap<>();

    TestTunnelProxy() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("test-proxy-accept").start(this::accept);
    }

    /** The port the proxy listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** The tunnels opened so far, as {@code host:port}. */
    List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    /** How many tunnels went to {@code port} (any host name). */
    long tunnelsToPort(int port) {
        return tunnels.stream().filter(t -> t.endsWith(":" + port)).count();
    }

    /** How many bytes targets on {@code port} sent back through the proxy's tunnels so far. */
    long bytesFromPort(int port) {
        java.util.concurrent.atomic.AtomicLong count = bytesFrom.get(port);
        return count == null ? 0 : count.get();
    }

    /** How many bytes clients sent to targets on {@code port} through the proxy's tunnels so far. */
    long bytesToPort(int port) {
        java.util.concurrent.atomic.AtomicLong count = bytesTo.get(port);
        return count == null ? 0 : count.get();
    }

    /** How many handshakes were refused (bad credentials). */
    int refusals() {
        return refusals.get();
    }

    /**
     * Reads the client's handshake and answers it.
     *
     * @return the target {@code host:port} the client asked for, or null after refusing it
     */
    abstract String handshake(InputStream in, OutputStream out) throws IOException;

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("test-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String target = handshake(in, out);
            if (target == null) {
                refusals.incrementAndGet();
                return;
            }
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon).replace("[", "").replace("]", "");
            try (Socket upstream = new Socket(host, Integer.parseInt(target.substring(colon + 1)))) {
                open.add(upstream);
                tunnels.add(target);
                connected(out);
                java.util.concurrent.atomic.AtomicLong back = bytesFrom.computeIfAbsent(
                        Integer.parseInt(target.substring(colon + 1)), k -> new java.util.concurrent.atomic.AtomicLong());
                Thread pump = Thread.ofVirtual().start(() -> pipe(upstream, client, back));
                pipe(client, upstream, bytesTo.computeIfAbsent(Integer.parseInt(target.substring(colon + 1)),
                        k -> new java.util.concurrent.atomic.AtomicLong()));
                pump.join();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client or the target went away: the tunnel just ends
        }
    }

    /** Tells the client its tunnel is open. */
    abstract void connected(OutputStream out) throws IOException;

    private static void pipe(Socket from, Socket to, java.util.concurrent.atomic.AtomicLong counted) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
                counted.addAndGet(read);
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
