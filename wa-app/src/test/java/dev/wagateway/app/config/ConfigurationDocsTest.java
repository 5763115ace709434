package dev.wagateway.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md tells the truth (issue 22): every variable it lists is marked {@code in effect} or
 * {@code reserved}, and one marked in effect is read by something besides the configuration loader. For each such
 * variable the test sets it to another valid value, finds which setting of {@link Config} changes, and looks for a
 * call of that setting's accessor in the main sources of the modules outside {@code app/config}.
 */
class ConfigurationDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A table row naming variables in its first cell; the last cell is the mark. */
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*(`[A-Z][A-Z0-9_]*`.*?)\\|.*\\|\\s*([^|]*?)\\s*\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([A-Z_][A-Z0-9_]*)`");
    /** Values other than the defaults the loader accepts, tried in order until one changes the configuration. */
    private static final List<String> CANDIDATES = List.of("true", "false", "7", "3", "7s", "13m", "2M",
            "0 0 4 * * *", "json", "debug", "on_request", "http://127.0.0.1:9", "socks5://127.0.0.1:9",
            "postgres://user:secret@127.0.0.1:9/other", "http://127.0.0.1:9/ws", "ws://127.0.0.1:9/ws/chat",
            "a-long-enough-secret-for-the-test-0123456789", "/prefix", "https://example.test",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "example.com", "Firefox", "postgresql");
    /**
     * In effect as a check only: every value the loader accepts means the same thing (PostgreSQL), and any other
     * stops the start.
     */
    private static final java.util.Set<String> CHECKED_ONLY = java.util.Set.of("WHATSAPP_DATASTORE_TYPE");
    /** Variables that load only together with others (several nodes need their shared secret). */
    private static final Map<String, Map<String, String>> COMPANIONS = Map.of("NODE_ADVERTISE_URL",
            Map.of("NODE_SECRET", "a-node-secret-long-enough-for-the-check-0123"));

    @TempDir
    Path workingDir;

    @Test
    void everyDocumentedVariableIsMarkedAndEveryOneInEffectIsRead() throws IOException {
        Map<String, String> documented = documented();
        assertThat(documented).as("variables listed in docs/configuration.md").isNotEmpty();
        assertThat(documented).allSatisfy((name, mark) -> assertThat(mark).as(name)
                .isIn("in effect", "reserved"));

        Map<String, Object> defaults = flatten("", ConfigLoader.load(Map.of(), workingDir));
        String sources = mainSources();
        List<String> unread = new ArrayList<>();
        for (Map.Entry<String, String> variable : documented.entrySet()) {
            if (!variable.getValue().equals("in effect") || CHECKED_ONLY.contains(variable.getKey())) {
                continue;
            }
            Optional<String> setting = settingOf(variable.getKey(), defaults);
            if (setting.isEmpty()) {
                unread.add(variable.getKey() + " (changes no setting of Config)");
                continue;
            }
            String accessor = setting.get().substring(setting.get().lastIndexOf('.') + 1);
            if (!sources.contains("." + accessor + "()")) {
                unread.add(variable.getKey() + " (" + setting.get() + "() is called nowhere)");
            }
        }
        assertThat(unread).as("documented as in effect but read by nothing but the configuration loader")
                .isEmpty();
    }

    /** The documented variables and their mark (the last column of each table row). */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("docs/configuration.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String first = null;
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                String found = name.group(1);
                if (found.startsWith("_") && first != null) {
                    found = first.substring(0, first.lastIndexOf('_')) + found; // `X_MIN` / `_MAX`
                } else {
                    first = found;
                }
                variables.put(found, row.group(2).strip());
            }
        }
        return variables;
    }

    /** The setting a variable sets: the first candidate value that loads and changes exactly what it changes. */
    private Optional<String> settingOf(String variable, Map<String, Object> defaults) {
        for (String candidate : CANDIDATES) {
            Map<String, Object> changed;
            try {
                Map<String, String> environment = new java.util.HashMap<>(COMPANIONS.getOrDefault(variable,
                        Map.of()));
                environment.put(variable, candidate);
                changed = flatten("", ConfigLoader.load(environment, workingDir));
            } catch (RuntimeException refused) {
                continue;
            }
            for (Map.Entry<String, Object> setting : changed.entrySet()) {
                if (!Objects.equals(setting.getValue(), defaults.get(setting.getKey()))) {
                    return Optional.of(setting.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Every leaf of the configuration records by its accessor path ({@code automation.rateLimitEnabled}). */
    private static Map<String, Object> flatten(String prefix, Record record) {
        Map<String, Object> leaves = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String path = prefix + component.getName();
            if (value instanceof Record nested) {
                leaves.putAll(flatten(path + ".", nested));
            } else {
                leaves.put(path, value);
            }
        }
        return leaves;
    }

    /** The main Java sources of every module, without the configuration package itself. */
    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .filter(file -> !file.toString().contains("/dev/wagateway/app/config/"))
                    .forEach(file -> {
                        try {
                            all.append(Files.readString(file)).append('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return all.toString();
    }
}
