package dev.wagateway.protocol.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Opens a tunnel through a SOCKS5 proxy (RFC 1928): no authentication, or user name and password (RFC 1929) when
 * the setting carries a user. Host names are sent to the proxy (address type 3) so the proxy resolves them; address
 * literals go as addresses. Every answer is read by its announced layout, nothing more.
 */
public final class Socks5Handshake {

    private static final int VERSION = 5;
    private static final int NO_AUTH = 0x00;
    private static final int USER_PASSWORD = 0x02;
    private static final int NO_ACCEPTABLE = 0xFF;
    private static final int CONNECT = 1;

    private Socks5Handshake() {
    }

    /**
     * Negotiates, authenticates when asked, and connects to {@code host:port}.
     *
     * @throws ProxyHandshakeException when the proxy refuses, or answers something that is not SOCKS5
     */
    public static void open(DeadlineInput in, OutputStream out, String host, int port, ProxySettings proxy)
            throws IOException {
        Optional<String> user = proxy.username();
        out.write(user.isPresent() ? new byte[]{VERSION, 2, NO_AUTH, USER_PASSWORD} : new byte[]{VERSION, 1, NO_AUTH});
        out.flush();
        int version = in.readByte();
        int method = in.readByte();
        if (version != VERSION) {
            throw new ProxyHandshakeException("the proxy does not speak SOCKS5 (version byte " + version + ")");
        }
        switch (method) {
            case NO_AUTH -> { }
            case USER_PASSWORD -> {
                if (user.isEmpty()) {
                    throw new ProxyHandshakeException("the SOCKS5 proxy chose password authentication, "
                            + "which was not offered");
                }
                authenticate(in, out, user.get(), proxy.password().orElse(""));
            }
            case NO_ACCEPTABLE -> throw new ProxyHandshakeException(user.isPresent()
                    ? "the SOCKS5 proxy accepts neither no authentication nor user/password"
                    : "the SOCKS5 proxy requires authentication; put the credentials in the proxy URL");
            default -> throw new ProxyHandshakeException("the SOCKS5 proxy chose an authentication method that was "
                    + "not offered (" + method + ")");
        }
        out.write(connectRequest(host, port));
        out.flush();
        int replyVersion = in.readByte();
        int reply = in.readByte();
        in.readByte(); // reserved
        int addressType = in.readByte();
        if (replyVersion != VERSION) {
            throw new ProxyHandshakeException("the proxy does not speak SOCKS5 (version byte " + replyVersion + ")");
        }
        if (reply != 0) {
            throw new ProxyHandshakeException("the SOCKS5 proxy refused the connection to " + host + ":" + port + ": "
                    + replyText(reply));
        }
        int addressLength = switch (addressType) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.readByte();
            default -> throw new ProxyHandshakeException("the SOCKS5 proxy answered an unknown address type "
                    + addressType);
        };
        in.readExactly(addressLength + 2); // the bound address and port: not needed for a client tunnel
    }

    private static void authenticate(DeadlineInput in, OutputStream out, String user, String password)
            throws IOException {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        if (name.length > 255 || secret.length > 255) {
            throw new ProxyHandshakeException("SOCKS5 user names and passwords are limited to 255 bytes");
        }
        byte[] request = new byte[3 + name.length + secret.length];
        request[0] = 1;
        request[1] = (byte) name.length;
        System.arraycopy(name, 0, request, 2, name.length);
        request[2 + name.length] = (byte) secret.length;
        System.arraycopy(secret, 0, request, 3 + name.length, secret.length);
        out.write(request);
        out.flush();
        int version = in.readByte();
        int status = in.readByte();
        if (version != 1) {
            throw new ProxyHandshakeException("the SOCKS5 proxy answered the authentication with version " + version);
        }
        if (status != 0) {
            throw new ProxyHandshakeException("the SOCKS5 proxy refused the user name or password");
        }
    }

    /** The CONNECT request: host names as names (remote resolution), address literals as addresses. */
    static byte[] connectRequest(String host, int port) throws ProxyHandshakeException {
        byte[] address;
        int type;
        if (isAddressLiteral(host)) {
            try {
                address = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new ProxyHandshakeException("invalid address " + host);
            }
            type = address.length == 4 ? 1 : 4;
        } else {
            address = host.getBytes(StandardCharsets.US_ASCII);
            if (address.length == 0 || address.length > 255) {
                throw new ProxyHandshakeException("host names sent to a SOCKS5 proxy are limited to 255 bytes");
            }
            type = 3;
        }
        int prefix = type == 3 ? 5 : 4;
        byte[] request = new byte[prefix + address.length + 2];
        request[0] = VERSION;
        request[1] = CONNECT;
        request[2] = 0;
        request[3] = (byte) type;
        if (type == 3) {
            request[4] = (byte) address.length;
        }
        System.arraycopy(address, 0, request, prefix, address.length);
        request[request.length - 2] = (byte) (port >>> 8);
        request[request.length - 1] = (byte) port;
        return request;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String replyText(int reply) {
        return switch (reply) {
            case 1 -> "general failure (1)";
            case 2 -> "not allowed by its rules (2)";
            case 3 -> "network unreachable (3)";
            case 4 -> "host unreachable (4)";
            case 5 -> "connection refused (5)";
            case 6 -> "TTL expired (6)";
            case 7 -> "command not supported (7)";
            case 8 -> "address type not supported (8)";
            default -> "error " + reply;
        };
    }
}
