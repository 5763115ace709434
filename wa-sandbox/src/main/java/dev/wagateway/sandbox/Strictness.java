package dev.wagateway.sandbox;

/**
 * The refusals WhatsApp makes that the sandbox makes too (architecture, "Sandbox contract, second edition"), shared
 * by the parts that apply them, and their counters.
 *
 * @param versions  the web version gate (405)
 * @param refusals  how often each refusal happened
 * @param tokens    the trusted-contact tokens accounts issued (463)
 */
record Strictness(WebVersionGate versions, Refusals refusals, TrustedContactTokens tokens) {

    static Strictness defaults(java.security.SecureRandom random) {
        return new Strictness(new WebVersionGate(), new Refusals(), new TrustedContactTokens(random));
    }
}
