package dev.wagateway.protocol.signal;

/**
 * Why a Signal operation failed. The family is closed so that callers (the retry-receipt logic above all) can
 * decide exhaustively: a missing session or pre-key asks the peer for a new {@code pkmsg}, a duplicate is dropped
 * silently, the others are reported.
 */
public sealed interface SignalError {

    /** A human-readable description for logs (never includes key material). */
    String describe();

    /** No session with this device, so nothing can be encrypted for it or decrypted from it. */
    record NoSession(SignalAddress address) implements SignalError {
        @Override
        public String describe() {
            return "no session with " + address;
        }
    }

    /** No sender key (or no state with the message's key id) for this group sender. */
    record NoSenderKey(String senderKeyName, long keyId) implements SignalError {
        @Override
        public String describe() {
            return keyId < 0 ? "no sender key for " + senderKeyName
                    : "no sender key with id " + keyId + " for " + senderKeyName;
        }
    }

    /** The bytes are not a well-formed message of the expected kind (truncated, wrong version, missing fields...). */
    record InvalidMessage(String reason) implements SignalError {
        @Override
        public String describe() {
            return "invalid message: " + reason;
        }
    }

    /** A public key in a message or bundle is malformed. */
    record InvalidKey(String reason) implements SignalError {
        @Override
        public String describe() {
            return "invalid key: " + reason;
        }
    }

    /** The message authentication code did not match under any session state. */
    record BadMac() implements SignalError {
        @Override
        public String describe() {
            return "message MAC does not match any session state";
        }
    }

    /** An XEdDSA signature (signed pre-key of a bundle, or a sender-key message) did not verify. */
    record InvalidSignature(String what) implements SignalError {
        @Override
        public String describe() {
            return "invalid signature on " + what;
        }
    }

    /** A message whose key was already used: it was decrypted before (or its key was dropped). */
    record DuplicateMessage(long counter) implements SignalError {
        @Override
        public String describe() {
            return "duplicate message (counter " + counter + ")";
        }
    }

    /** The message lies further ahead in its chain than we are willing to derive keys for. */
    record TooManySkippedMessages(long counter, long chainIndex, int limit) implements SignalError {
        @Override
        public String describe() {
            return "message counter " + counter + " is more than " + limit + " ahead of chain index " + chainIndex;
        }
    }

    /** The identity store refused the peer's identity key. */
    record UntrustedIdentity(SignalAddress address) implements SignalError {
        @Override
        public String describe() {
            return "untrusted identity for " + address;
        }
    }

    /** A {@code pkmsg} names a one-time pre-key we do not have (used already, or never ours). */
    record MissingPreKey(int preKeyId) implements SignalError {
        @Override
        public String describe() {
            return "no one-time pre-key with id " + preKeyId;
        }
    }

    /** A {@code pkmsg} names a signed pre-key we do not have. */
    record MissingSignedPreKey(int signedPreKeyId) implements SignalError {
        @Override
        public String describe() {
            return "no signed pre-key with id " + signedPreKeyId;
        }
    }

    /** The plaintext does not end with valid WhatsApp padding. */
    record InvalidPadding(String reason) implements SignalError {
        @Override
        public String describe() {
            return "invalid padding: " + reason;
        }
    }
}
