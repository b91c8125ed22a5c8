package org.mutua.server.bench;

public final class FanOutCrashBench {
    private FanOutCrashBench() {
    }

    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("todo");
    }
}
