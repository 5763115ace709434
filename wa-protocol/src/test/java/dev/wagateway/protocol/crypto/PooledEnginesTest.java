package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AES-CBC and HMAC reuse pooled engines: a reused engine must give what a freshly looked-up one gives, whatever the
 * previous caller did with it (another key, a failed decryption), also with many virtual threads at once.
 */
class PooledEnginesTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aFailedCbcDecryptionDoesNotSpoilTheNextCalls() throws Exception {
        byte[] key = bytes(32);
        byte[] iv = bytes(16);
        byte[] plaintext = bytes(100);
        byte[] sealed = Aes.cbcEncrypt(key, iv, plaintext);
        // a last block ending in 0x00 is never valid PKCS#7 padding, so this decryption fails in the engine every
        // time (a wrong key would pass the padding check about once in 256 tries)
        byte[] badPadding = withoutPadding(key, iv, new byte[32]);
        for (int i = 0; i < 40; i++) {
            assertThatThrownBy(() -> Aes.cbcDecrypt(key, iv, badPadding)).isInstanceOf(CryptoException.class);
            assertThat(Aes.cbcDecrypt(key, iv, sealed)).isEqualTo(plaintext);
            assertThat(Aes.cbcEncrypt(key, iv, plaintext)).isEqualTo(fresh(key, iv, plaintext));
        }
    }

    @Test
    void manyVirtualThreadsWithTheirOwnKeysGetWhatFreshEnginesGive() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                byte[] key = bytes(32);
                byte[] iv = bytes(16);
                byte[] plaintext = bytes(1 + random.nextInt(300));
                Callable<Boolean> work = () -> {
                    for (int i = 0; i < 20; i++) {
                        byte[] sealed = Aes.cbcEncrypt(key, iv, plaintext);
                        if (!java.util.Arrays.equals(sealed, fresh(key, iv, plaintext))
                                || !java.util.Arrays.equals(Aes.cbcDecrypt(key, iv, sealed), plaintext)
                                || !java.util.Arrays.equals(Hmac.sha256(key, plaintext, iv), freshMac(key, plaintext, iv))) {
                            return false;
                        }
                        Thread.yield();
                    }
                    return true;
                };
                results.add(threads.submit(work));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    private static byte[] fresh(byte[] key, byte[] iv, byte[] plaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(plaintext);
    }

    private static byte[] withoutPadding(byte[] key, byte[] iv, byte[] wholeBlocks) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(wholeBlocks);
    }

    private static byte[] freshMac(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
