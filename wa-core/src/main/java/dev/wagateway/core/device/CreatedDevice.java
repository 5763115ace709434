package dev.wagateway.core.device;

/** A new device with its secret (shown this once) and its first token. */
public record CreatedDevice(Device device, String plaintextSecret, String token) {
}
