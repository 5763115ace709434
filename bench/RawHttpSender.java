import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * The load's sends as plain HTTP/1.1 over keep-alive sockets ({@code client=raw}, the default): each device's request
 * line and headers rendered once as bytes, one {@link RawConnection} per send in flight (a send takes an idle one or
 * opens one, as the JDK client's pool does: the offered phase stays open loop), answers read by status line and
 * {@code Content-Length}. A few µs of CPU per send where the JDK HttpClient spent 0.4-0.5 ms.
 *
 * <p>Owns its connections: the idle ones in a deque (most recently used first, so a phase with few sends in flight
 * keeps reusing the same few), every open one in a set closed by {@link #close()}.
 */
final class RawHttpSender implements SendClient {

    /** Below the gateway's Jetty idle timeout (30 s): a connection the server may have closed is not reused. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final InetSocketAddress address;
    private final byte[][] heads;
    private final int longestHead;
    private final Deque<RawConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<RawConnection> open = ConcurrentHashMap.newKeySet();

    RawHttpSender(String gateway, String sink, List<String> tokens) {
        URI uri = URI.create(gateway);
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("the raw client speaks plain http to host:port, got " + gateway);
        }
        address = new InetSocketAddress(uri.getHost(), uri.getPort());
        heads = new byte[tokens.size()][];
        int longest = 0;
        for (int i = 0; i < tokens.size(); i++) {
            heads[i] = ("POST /chats/" + sink + "@s.whatsapp.net/messages HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Authorization: Bearer " + tokens.get(i) + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
            longest = Math.max(longest, heads[i].length);
        }
        longestHead = longest;
    }

    @Override
    public SendAnswer send(int device, long startNanos) {
        RawConnection connection = idle.pollFirst();
        while (connection != null && !connection.reusable(MAX_IDLE_NANOS)) {
            retire(connection);
            connection = idle.pollFirst();
        }
        try {
            if (connection == null) {
                connection = new RawConnection(address, longestHead);
                open.add(connection);
            }
            SendAnswer answer = connection.exchange(heads[device], startNanos);
            if (connection.reusable(MAX_IDLE_NANOS)) {
                idle.offerFirst(connection);
            } else {
                retire(connection);
            }
            return answer;
        } catch (IOException e) {
            if (connection != null) {
                retire(connection);
            }
            return new SendAnswer.Refused(e instanceof RawConnection.MalformedAnswer ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void retire(RawConnection connection) {
        open.remove(connection);
        connection.close();
    }

    @Override
    public boolean platformThreads() {
        return true;
    }

    @Override
    public void close() {
        open.forEach(RawConnection::close);
        open.clear();
        idle.clear();
    }
}
