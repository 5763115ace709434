package dev.wagateway.protocol.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The input of a socket during a handshake: every read waits at most until one deadline for the whole handshake,
 * so a proxy or server that dribbles its answer a byte at a time cannot stretch it. Reads byte by byte from the
 * socket's own stream (no read-ahead), so what follows the handshake is left for the tunnel's user.
 */
public final class DeadlineInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private final Instant deadline;
    private final Clock clock;
    private final String peer;

    /**
     * @param socket  the connected socket
     * @param timeout how long the whole handshake may take from now
     * @param peer    who is answering, for error messages ({@code "the proxy"})
     */
    public DeadlineInput(Socket socket, Duration timeout, String peer) throws IOException {
        this(socket, socket.getInputStream(), timeout, peer);
    }

    /** For a socket whose stream is read through {@code in} (the same socket's stream, or a wrapper of it). */
    public DeadlineInput(Socket socket, InputStream in, Duration timeout, String peer) {
        this.socket = socket;
        this.in = in;
        this.clock = Clock.systemUTC();
        this.deadline = clock.instant().plus(timeout);
        this.peer = peer;
    }

    @Override
    public int read() throws IOException {
        arm();
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        arm();
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    /** Exactly {@code length} bytes, or a clear error when the peer closes first. */
    public byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int filled = 0;
        while (filled < length) {
            int read = read(bytes, filled, length - filled);
            if (read < 0) {
                throw new ProxyHandshakeException(peer + " closed the connection in the middle of its answer");
            }
            filled += read;
        }
        return bytes;
    }

    /** One byte, or a clear error when the peer closes first. */
    public int readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new ProxyHandshakeException(peer + " closed the connection in the middle of its answer");
        }
        return b;
    }

    private void arm() throws IOException {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }

    private ProxyHandshakeException timedOut() {
        return new ProxyHandshakeException(peer + " did not answer in time");
    }

    /** Does not close the socket: the handshake's caller owns it. */
    @Override
    public void close() {
        // the socket stays open for the tunnel
    }
}
