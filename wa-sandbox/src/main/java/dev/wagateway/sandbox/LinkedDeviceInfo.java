package dev.wagateway.sandbox;

/** A companion linked to a phone, as the control API lists it. */
public record LinkedDeviceInfo(String jid, String lid, boolean online, int queued) {
}
