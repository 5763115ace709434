package dev.wagateway.core.session;

/** How one attempt to connect and log in a paired device ended. A closed family: switch over it. */
sealed interface AttemptOutcome {

    /** Logged in. */
    record Connected() implements AttemptOutcome {
    }

    /** Not logged in (server unreachable, connection lost, no answer in time); another attempt may succeed. */
    record Failed(String reason) implements AttemptOutcome {
    }

    /** WhatsApp refused the device (unlinked at the phone) or its store holds no session: no attempt can succeed. */
    record LoggedOut(String reason) implements AttemptOutcome {
    }

    /** Another connection with the same credentials took over; the client stays stopped. */
    record Replaced() implements AttemptOutcome {
    }
}
