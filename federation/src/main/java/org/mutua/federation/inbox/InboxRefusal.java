package org.mutua.federation.inbox;

/** A synchronous inbox check said no: the status and a short reason the sender's operator can act on. */
public final class InboxRefusal extends RuntimeException {
    private final int status;

    public InboxRefusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
