package dev.wagateway.protocol.store;

/** What a {@link DecryptionBuffer} knows of one ciphertext. */
public sealed interface BufferedDecryption {

    /** Decrypted, not yet handled: the plaintext (still padded) is kept so it can be handled again. */
    record Pending(byte[] paddedPlaintext) implements BufferedDecryption {
        public Pending {
            paddedPlaintext = paddedPlaintext.clone();
        }

        @Override
        public byte[] paddedPlaintext() {
            return paddedPlaintext.clone();
        }
    }

    /** Handled and acknowledged: a redelivery of it is acknowledged again and nothing else. */
    record Handled() implements BufferedDecryption {
    }
}
