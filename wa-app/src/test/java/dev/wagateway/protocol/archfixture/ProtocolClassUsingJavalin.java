package dev.wagateway.protocol.archfixture;

import io.javalin.Javalin;

/** A deliberate violation of the module rules, used only to prove that ArchitectureTest notices one. */
public final class ProtocolClassUsingJavalin {

    public Javalin server() {
        return Javalin.create();
    }
}
