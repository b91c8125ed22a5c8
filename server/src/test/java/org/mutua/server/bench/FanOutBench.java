package org.mutua.server.bench;

public final class FanOutBench {
    private FanOutBench() {
    }

    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("todo");
    }
}
