package dev.wagateway.core.device;

/** A device with the name of the customer whose key owns it (admin views). */
public record DeviceListing(Device device, String customerName) {
}
