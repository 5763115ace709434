package dev.wagateway.core.address;

import dev.wagateway.core.error.InvalidRequestException;

import java.util.regex.Pattern;

/** A phone number in international format, digits only (api.md §4.2). */
public record PhoneNumber(String digits) {

    private static final Pattern VALID = Pattern.compile("[1-9][0-9]{5,15}");

    /** Checks the format. */
    public PhoneNumber {
        if (digits == null || !VALID.matcher(digits).matches()) {
            throw new InvalidRequestException("phone number must be digits only and at least 6 characters");
        }
    }

    /**
     * Parses user input: trimmed, one leading {@code +} removed.
     *
     * @throws InvalidRequestException with the contract's message for empty input, a leading 0, or anything else
     *                                 that is not 6 to 16 digits
     */
    public static PhoneNumber parse(String input) {
        String value = input == null ? "" : input.strip();
        if (value.startsWith("+")) {
            value = value.substring(1);
        }
        if (value.isEmpty()) {
            throw new InvalidRequestException("phone number cannot be empty");
        }
        if (value.startsWith("0")) {
            throw new InvalidRequestException("phone number must be in international format without leading 0");
        }
        return new PhoneNumber(value);
    }
}
