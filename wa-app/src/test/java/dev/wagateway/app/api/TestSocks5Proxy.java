package dev.wagateway.app.api;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * A SOCKS5 proxy (RFC 1928) for CONNECT only, with user/password authentication (RFC 1929) when given credentials.
 * It records the target as the client named it: a host name stays a name (remote resolution).
 */
final class TestSocks5Proxy extends TestTunnelProxy {

    private final String user;
    private final String password;

    /** @param user null for a proxy without authentication */
    TestSocks5Proxy(String user, String password) throws IOException {
        super();
        this.user = user;
        this.password = password;
    }

    @Override
    String handshake(InputStream raw, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedByte() != 5) {
            return null;
        }
        byte[] methods = in.readNBytes(in.readUnsignedByte());
        int wanted = user == null ? 0 : 2;
        boolean offered = false;
        for (byte method : methods) {
            offered |= method == wanted;
        }
        if (!offered) {
            out.write(new byte[]{5, (byte) 0xFF});
            return null;
        }
        out.write(new byte[]{5, (byte) wanted});
        if (user != null) {
            in.readUnsignedByte(); // sub-negotiation version
            String name = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String secret = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            boolean good = user.equals(name) && password.equals(secret);
            out.write(new byte[]{1, (byte) (good ? 0 : 1)});
            if (!good) {
                return null;
            }
        }
        in.readUnsignedByte(); // version
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int type = in.readUnsignedByte();
        String host = switch (type) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 4 -> "[" + InetAddress.getByAddress(in.readNBytes(16)).getHostAddress() + "]";
            case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
            default -> null;
        };
        int port = in.readUnsignedShort();
        if (command != 1 || host == null) {
            out.write(new byte[]{5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
            return null;
        }
        return host + ":" + port;
    }

    @Override
    void connected(OutputStream out) throws IOException {
        out.write(new byte[]{5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
    }
}
