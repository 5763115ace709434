package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test's own sandbox on loopback with the phones it names: started before each test (its refusals checked by
 * {@link RefusalCheck}), closed after the test's own {@code @AfterEach} methods. With the random source and HTTP
 * client the raw-stanza tests pair their devices with ({@link #device()}). Registered as an instance
 * {@code @RegisterExtension} field, so that the tests of the sandbox do not each repeat the same start and stop.
 */
final class LoopbackSandbox implements BeforeEachCallback, AfterEachCallback {

    private final Map<String, String> phones = new LinkedHashMap<>();
    private final SecureRandom random = SecureRandoms.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer sandbox;

    /** Adds the phone {@code number} named {@code name} to the sandbox of each test. */
    LoopbackSandbox phone(String number, String name) {
        phones.put(number, name);
        return this;
    }

    /** Adds the phones {@code numbers}, each named "Phone" and its number. */
    LoopbackSandbox phones(String... numbers) {
        for (String number : numbers) {
            phone(number, "Phone " + number);
        }
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(random)));
        phones.forEach(sandbox.control()::createPhone);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /** The running test's sandbox. */
    SandboxServer sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the sandbox starts before each test");
        }
        return sandbox;
    }

    /** The random source of the devices and keys. */
    SecureRandom random() {
        return random;
    }

    /** The HTTP client of the devices' pairing. */
    HttpClient http() {
        return http;
    }

    /** A new, unpaired raw device of the running test's sandbox. */
    TestDevice device() {
        return new TestDevice(sandbox(), http, random);
    }
}
