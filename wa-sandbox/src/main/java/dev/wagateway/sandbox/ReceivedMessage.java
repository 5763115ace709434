package dev.wagateway.sandbox;

/**
 * A message a simulated phone received and decrypted, as the control API lists it.
 *
 * @param from the sending device's JID
 * @param chat the chat: the sender's user JID, or the group
 */
public record ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp) {
}
