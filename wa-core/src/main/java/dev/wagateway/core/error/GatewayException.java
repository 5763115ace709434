package dev.wagateway.core.error;

/**
 * A use case refused or failed. A closed family, so an adapter maps each kind to its answer with one {@code switch}
 * (the REST API: 400, 401, 404, 409, 429, 500, 503) and never leaks anything else.
 */
public sealed abstract class GatewayException extends RuntimeException
        permits InvalidRequestException, UnauthorizedException, NotFoundException, ConflictException,
        SessionUnavailableException, WhatsAppFailureException, RateLimitedException, HandOverException,
        OverloadedException {

    /** @param message the text shown to the caller; it must not contain secrets */
    protected GatewayException(String message) {
        super(message);
    }

    /** @param message the text shown to the caller; {@code cause} is kept for the log */
    protected GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
