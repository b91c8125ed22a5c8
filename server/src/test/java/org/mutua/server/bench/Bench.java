package org.mutua.server.bench;

/** Entry point of the Maven profile {@code bench}: {@code -Dbench=inbox|fanout|crash|burst|all}. */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "inbox" : args[0];
        switch (which) {
            case "inbox" -> InboxIngestBench.main(new String[0]);
            case "fanout" -> FanOutBench.main(new String[0]);
            case "crash" -> FanOutCrashBench.main(new String[0]);
            // not in "all": it takes minutes and measures settling, not throughput
            case "burst" -> FollowBurstBench.main(new String[0]);
            case "all" -> {
                InboxIngestBench.main(new String[0]);
                FanOutBench.main(new String[0]);
                FanOutCrashBench.main(new String[0]);
            }
            default -> throw new IllegalArgumentException("bench must be inbox, fanout, crash, burst or all, not " + which);
        }
        System.exit(0);
    }
}
