package dev.wagateway.app;

import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suite's refusal check (issue 14, "Done when"): after each test, every sandbox the test's fixtures started
 * ({@link #start}, {@link #watch}) is asked for the refusals (405, 463, 479...) it made since the last check; a code the
 * test (or its class) did not declare with {@link ExpectsRefusals} fails the test, naming the refused stanzas.
 * Registered for every test by JUnit's extension autodetection (META-INF/services, junit-platform.properties); the
 * gateway's tests' copy of wa-sandbox's {@code RefusalCheck} (test classes are not shared between modules): a
 * {@code TestGateway} in sandbox mode watches its in-process sandbox.
 *
 * <p>The sandboxes a test class started are held in a list of this test JVM (Surefire runs the classes one after the
 * other in one fork), emptied after each class: the fixtures have no handle on the running test's context.
 */
public final class SandboxRefusalCheck implements AfterEachCallback, AfterAllCallback {

    private static final List<SandboxServer> WATCHED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Map<SandboxServer, Map<String, Long>> CHECKED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts a sandbox whose refusals the running test answers for. */
    public static SandboxServer start(SandboxSettings settings) {
        return watch(SandboxServer.start(settings));
    }

    /** Checks {@code sandbox}'s refusals after the running test (and each later test of its class). */
    public static SandboxServer watch(SandboxServer sandbox) {
        WATCHED.add(sandbox);
        return sandbox;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Set<String> allowed = new HashSet<>();
        context.getTestMethod().map(m -> m.getAnnotation(ExpectsRefusals.class)).ifPresent(a -> allow(allowed, a));
        context.getTestClass().map(c -> c.getAnnotation(ExpectsRefusals.class)).ifPresent(a -> allow(allowed, a));
        check(allowed).ifPresent(failure -> {
            throw new AssertionError(failure);
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Set<String> allowed = new HashSet<>();
        context.getTestClass().map(c -> c.getAnnotation(ExpectsRefusals.class)).ifPresent(a -> allow(allowed, a));
        // what a class-level fixture refused after the last test (in @AfterAll) still counts
        Optional<String> failure = check(allowed);
        WATCHED.clear();
        CHECKED.clear();
        failure.ifPresent(f -> {
            throw new AssertionError(f);
        });
    }

    private static void allow(Set<String> allowed, ExpectsRefusals annotation) {
        Arrays.stream(annotation.value()).mapToObj(String::valueOf).forEach(allowed::add);
    }

    /** Refusals with codes outside {@code allowed} since the last check, described; empty when none. */
    private static Optional<String> check(Set<String> allowed) {
        List<String> unexpected = new ArrayList<>();
        for (SandboxServer sandbox : WATCHED) {
            Map<String, Long> now = sandbox.refusalCounts();
            Map<String, Long> before = CHECKED.getOrDefault(sandbox, Map.of());
            CHECKED.put(sandbox, new HashMap<>(now));
            Set<String> codes = now.entrySet().stream()
                    .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
                    .filter(e -> !allowed.contains(e.getKey())).map(Map.Entry::getKey).collect(Collectors.toSet());
            if (!codes.isEmpty()) {
                unexpected.add("refusals " + codes + " (counts " + now + "); refused stanzas: "
                        + sandbox.refusedStanzas().stream().filter(s -> codes.contains(s.split(" ", 2)[0]))
                        .toList());
            }
        }
        return unexpected.isEmpty() ? Optional.empty() : Optional.of("the sandbox refused what this test expects "
                + "WhatsApp to take (declare @ExpectsRefusals if it provokes them on purpose): " + unexpected);
    }
}
