package dev.wagateway.core.token;

import java.util.UUID;

/** The device a request acts for, once its token was verified and found current. */
public record AuthenticatedDevice(UUID deviceId, long apiKeyId) {
}
