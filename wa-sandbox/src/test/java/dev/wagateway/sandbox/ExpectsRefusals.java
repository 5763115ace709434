package dev.wagateway.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test (method or class) that provokes WhatsApp's refusals on purpose: {@link RefusalCheck} lets the codes named
 * here pass. Every other test must meet none: a refusal there is a fidelity bug of the client or the sandbox.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectsRefusals {

    /** The refusal codes the test provokes (405, 463, 479). */
    int[] value();
}
