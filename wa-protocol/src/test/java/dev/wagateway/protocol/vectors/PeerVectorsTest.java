package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance against the peer vectors: every {@code *.json} file of the vectors folder, one dynamic test per case,
 * named {@code <topic>/<case name or index>}.
 *
 * <p>The folder is the module's test resources ({@code src/test/resources/vectors}, a copy of the maintainers' peer
 * vectors with their README), or the system property {@code wa.vectors.dir}.
 * A topic without a checker is reported as skipped, never silently ignored.
 */
class PeerVectorsTest {

    /** Checks one case of a topic; throws (an assertion error) on any mismatch. */
    @FunctionalInterface
    interface CaseChecker {
        void check(JsonNode testCase) throws Exception;
    }

    private static final Map<String, CaseChecker> CHECKERS = Map.of(
            "binary-node", new BinaryNodeVectors()::check,
            "curve25519", new Curve25519Vectors()::check,
            "crypto", new CryptoVectors()::check,
            "media", new MediaVectors()::check,
            "app-state", new AppStateVectors()::check,
            "signal", new SignalVectors()::check);

    @TestFactory
    Stream<DynamicNode> peerVectors() throws IOException {
        Path folder = VectorsFolder.resolve();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("vector files in %s", folder).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        List<DynamicNode> containers = new ArrayList<>();
        for (Path file : files) {
            JsonNode root = json.readTree(file.toFile());
            String topic = root.path("topic").asText();
            assertThat(topic).as("topic of %s", file).isNotBlank();
            JsonNode cases = root.path("cases");
            assertThat(cases.isArray()).as("cases of %s is an array", file).isTrue();
            // App-state patches chain their state from case to case, so each file gets a fresh checker instance.
            CaseChecker checker = freshChecker(topic);
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                JsonNode testCase = cases.get(i);
                String name = topic + "/" + caseName(testCase, i);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Assumptions.assumeTrue(checker != null, "no checker for topic '" + topic + "' yet");
                    checker.check(testCase);
                }));
            }
            containers.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
        }
        return containers.stream();
    }

    private static CaseChecker freshChecker(String topic) {
        return switch (topic) {
            case "app-state" -> new AppStateVectors()::check;
            default -> CHECKERS.get(topic);
        };
    }

    private static String caseName(JsonNode testCase, int index) {
        String kind = testCase.path("kind").asText("");
        String name = testCase.path("name").asText("");
        String label = name.isEmpty() ? String.valueOf(index) : name;
        return kind.isEmpty() || name.startsWith(kind) ? label : kind + "/" + label;
    }
}
