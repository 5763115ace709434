package dev.wagateway.sandbox;

/**
 * What a phone sends through {@code POST /sandbox/phones/{phone}/messages} (contract second edition): a text
 * (optionally quoting {@code replyTo}), or instead a reaction, an edit, a revoke or a forward of a message the phone
 * knows. Unused parts are null.
 *
 * @param to       the recipient: a phone number or user JID; may be left out for an action on a known message
 * @param reaction the reaction {@code {id, emoji}}; an empty emoji takes the phone's reaction back
 * @param edit     the edit {@code {id, text}} of one of the phone's own messages
 * @param revokeId the phone's own message to delete for everyone
 * @param replyTo  the message the text quotes
 * @param forwardId a message the phone knows, sent on to {@code to} marked as forwarded
 */
public record PhoneSend(String to, String text, Target reaction, Target edit, String revokeId, String replyTo,
                        String forwardId) {

    /** A message the action is about, and the action's text (emoji or new text). */
    public record Target(String id, String value) {
    }
}
