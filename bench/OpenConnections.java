import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code connections} keep-alive HTTP/1.1 connections to the gateway, makes {@code requests} admin requests on
 * each (as a client library keeping its connections does), prints "open" and holds them until stdin closes.
 * Usage: java bench/OpenConnections.java URL ADMIN_SECRET CONNECTIONS REQUESTS
 */
public final class OpenConnections {

    public static void main(String[] args) throws Exception {
        java.net.URI gateway = java.net.URI.create(args[0]);
        int connections = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        byte[] request = ("GET /admin/api-keys HTTP/1.1\r\nHost: " + gateway.getAuthority()
                + "\r\nUser-Agent: bench-open-connections/1.0\r\nAccept: application/json\r\nX-Admin-Secret: "
                + args[1] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> open = new ArrayList<>();
        String status = "";
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket(gateway.getHost(), gateway.getPort());
            for (int r = 0; r < requests; r++) {
                socket.getOutputStream().write(request);
                status = readResponse(socket.getInputStream());
            }
            open.add(socket);
        }
        System.out.println("open " + open.size() + " connections, last answer " + status);
        System.in.read(); // held until the caller closes our stdin
        for (Socket socket : open) {
            socket.close();
        }
    }

    /** Reads one response (head and Content-Length body); returns its status line. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed mid-response: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.substring(0, head.indexOf("\r\n"));
    }
}
