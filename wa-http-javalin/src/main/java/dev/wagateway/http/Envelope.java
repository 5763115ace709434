package dev.wagateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one JSON shape of every response (contract §2.1): {@code status}, {@code code}, {@code message}, and
 * {@code data} on success or {@code error} (equal to {@code message}) on failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(boolean status, int code, String message, Object data, String error) {

    public static Envelope success(int code, String message, Object data) {
        return new Envelope(true, code, message, data, null);
    }

    public static Envelope failure(int code, String message) {
        return new Envelope(false, code, message, null, message);
    }
}
