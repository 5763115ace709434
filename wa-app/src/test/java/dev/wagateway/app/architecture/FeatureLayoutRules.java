package dev.wagateway.app.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The feature layout (architecture.md, "How a feature is laid out"): protocol features reach the server only through
 * {@code client.spi}, the connection's internals stay behind the client hub, and in the core only
 * {@code DeviceCalls} waits on a device.
 */
final class FeatureLayoutRules {

    static final String SPI = "dev.wagateway.protocol.client.spi..";
    static final String CONNECTION = "dev.wagateway.protocol.client.connection..";
    /** The protocol's feature packages: each a slice reached from the client hub. */
    static final String[] FEATURES = {
            "dev.wagateway.protocol.message..", "dev.wagateway.protocol.receipt..",
            "dev.wagateway.protocol.presence..", "dev.wagateway.protocol.user..", "dev.wagateway.protocol.group..",
            "dev.wagateway.protocol.pairing..", "dev.wagateway.protocol.prekey..", "dev.wagateway.protocol.media..",
            "dev.wagateway.protocol.appstate..", "dev.wagateway.protocol.history..",
            "dev.wagateway.protocol.disappearing.."};

    private FeatureLayoutRules() {
    }

    /** The service-provider interface is for wa-protocol's own features, never for the modules that embed it. */
    static ArchRule spiStaysInsideTheProtocol() {
        return noClasses().that().resideOutsideOfPackage("dev.wagateway.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage(SPI, CONNECTION)
                .as("only wa-protocol uses client.spi and client.connection");
    }

    /** A feature reaches the server through the SPI, never through the hub or the connection. */
    static ArchRule featuresUseOnlyTheSpi() {
        return noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.wagateway.protocol.client", CONNECTION)
                .as("protocol features depend on client.spi and client.error, not on the hub or the connection");
    }

    /** The connection's internals belong to the client hub. */
    static ArchRule connectionStaysBehindTheHub() {
        return noClasses().that().resideOutsideOfPackages("dev.wagateway.protocol.client", CONNECTION)
                .should().dependOnClassesThat().resideInAPackage(CONNECTION)
                .as("only the client hub uses client.connection");
    }

    /** In the core, waiting on a device's answer happens in one place. */
    static ArchRule onlyDeviceCallsWaitsOnADevice() {
        return noClasses().that().resideInAPackage("dev.wagateway.core..")
                .and().doNotHaveFullyQualifiedName("dev.wagateway.core.session.DeviceCalls")
                .should().callMethod(CompletableFuture.class, "get", long.class, TimeUnit.class)
                .orShould().callMethod(Future.class, "get", long.class, TimeUnit.class)
                .orShould().callMethod(CompletableFuture.class, "get")
                .as("only DeviceCalls waits on a device's answer");
    }
}
