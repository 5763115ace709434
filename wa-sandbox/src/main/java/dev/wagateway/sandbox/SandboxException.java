package dev.wagateway.sandbox;

/** A control request the sandbox refuses: {@link #status()} is the HTTP status the control API answers with. */
public final class SandboxException extends RuntimeException {

    private final int status;

    public SandboxException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
