package dev.wagateway.http.request;

/** A request the HTTP layer refuses before any use case runs (unparsable body, wrong field type): 400. */
public final class BadRequestException extends RuntimeException {

    /** @param message the contract's wording for the route */
    public BadRequestException(String message) {
        super(message);
    }
}
