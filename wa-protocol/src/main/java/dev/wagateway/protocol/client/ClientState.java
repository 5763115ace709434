package dev.wagateway.protocol.client;

/** Where a {@link WaClient} stands. */
public enum ClientState {
    /** Not connected (never started, stopped, or between reconnect attempts). */
    DISCONNECTED,
    /** Dialling and running the Noise handshake. */
    CONNECTING,
    /** Registered without an account: showing QR codes or waiting for a pairing code to be typed. */
    WAITING_FOR_QR,
    /** The phone linked us; waiting for the server's restart to log in. */
    PAIRING,
    /** Logged in. */
    CONNECTED,
    /** Unlinked or refused: credentials cleared, the client will not reconnect. */
    LOGGED_OUT
}
