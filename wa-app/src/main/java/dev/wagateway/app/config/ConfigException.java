package dev.wagateway.app.config;

import java.util.List;

/** The configuration cannot start the server: one problem per variable, each naming it and what it accepts. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
