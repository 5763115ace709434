/**
 * What one {@code POST /chats/{sink}/messages} of the load came back with: accepted with the gateway's message id,
 * or refused for a reason (a status, a transport failure, an answer the client could not read) that the harness
 * counts and prints by reason.
 */
sealed interface SendAnswer {

    /** A 200 answer naming the message the gateway accepted. */
    record Accepted(String messageId) implements SendAnswer {
    }

    /**
     * Anything else: {@code status 503}, {@code IOException: ...}, {@code malformed answer: ...}. Reasons are
     * short and stable so equal failures add up to one line of the report.
     */
    record Refused(String reason) implements SendAnswer {
    }
}
