package dev.wagateway.http.request;

/** Numeric path parameters, refused with the route's own message when they are not numbers. */
public final class PathIds {

    private PathIds() {
    }

    /** {@code value} as a positive long, or a 400 with {@code message}. */
    public static long positiveLong(String value, String message) {
        try {
            long id = Long.parseLong(value.strip());
            if (id <= 0) {
                throw new BadRequestException(message);
            }
            return id;
        } catch (NumberFormatException e) {
            throw new BadRequestException(message);
        }
    }
}
