package org.mutua.federation.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one worker holds and its per-host lanes (FEDERATION.md §5): at most {@code workers} requests at once, at
 * most {@code perHostConcurrency} to one host, the lanes taking turns one row each so they share the request slots.
 * Touched only on the worker's context.
 */
final class Lanes {
    /** Runs a row that was given a request slot; the slot is given back with {@link Slot#free}. */
    interface Runner {
        void run(ClaimedRow row, Slot slot);
    }

    private final DeliveryOptions options;
    private final Runner runner;
    private final Map<Long, ClaimedRow> held = new LinkedHashMap<>();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private int running;
    private boolean stopped;

    Lanes(DeliveryOptions options, Runner runner) {
        this.options = options;
        this.runner = runner;
    }

    /** Rows held: claimed, in flight, or waiting for their lane or for their outcome to be recorded. */
    int held() {
        return held.size();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Rows holding a request slot. */
    int running() {
        return running;
    }

    String[] hosts() {
        return held.values().stream().map(ClaimedRow::host).distinct().toArray(String[]::new);
    }

    Long[] ids() {
        return held.keySet().toArray(new Long[0]);
    }

    /** Holds a claimed row and queues it in its host's lane; false when it is already running here. */
    boolean hold(ClaimedRow row) {
        ClaimedRow before = held.get(row.id());
        if (before != null && before.attempts() >= row.attempts()) {
            return false; // our own lease lapsed (renewal failed) and we took it again: it is already running
        }
        // (a row whose retry was recorded but not yet let go on this context comes back with one attempt
        // more: it is a new run, not the old one; skipping it left it leased to nobody for a minute)
        held.put(row.id(), row);
        lanes.computeIfAbsent(row.host(), h -> new Lane()).waiting.add(row);
        return true;
    }

    /** Whether this run of the row is held and still waits for its turn. */
    boolean isWaiting(ClaimedRow row) {
        if (held.get(row.id()) != row) {
            return false;
        }
        Lane lane = lanes.get(row.host());
        return lane != null && lane.waiting.contains(row);
    }

    /** Lets go of a finished row; false when a newer run of the same row was claimed meanwhile. */
    boolean release(ClaimedRow row) {
        return held.remove(row.id(), row);
    }

    /** Starts no more rows; lets go of those not started and answers their ids. */
    List<Long> stop() {
        stopped = true;
        List<Long> waiting = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            for (ClaimedRow row : lane.waiting) {
                waiting.add(row.id());
                held.remove(row.id());
            }
            lane.waiting.clear();
        }
        return waiting;
    }

    /** Starts waiting rows while fewer than {@code workers} requests run, at most the per-host limit per lane. */
    void dispatch() {
        if (stopped) {
            return;
        }
        boolean started = true;
        while (started && running < options.workers()) {
            started = false; // one row per lane per round, so lanes share the request slots
            for (var entry : List.copyOf(lanes.entrySet())) {
                if (running >= options.workers()) {
                    break;
                }
                Lane lane = entry.getValue();
                if (lane.running < options.perHostConcurrency() && !lane.waiting.isEmpty()) {
                    lane.running++;
                    running++;
                    runner.run(lane.waiting.poll(), new Slot(entry.getKey(), lane));
                    started = true;
                }
            }
        }
    }

    /** A request slot taken by one run of a row. */
    final class Slot {
        private final String host;
        private final Lane lane;
        private boolean freed;

        private Slot(String host, Lane lane) {
            this.host = host;
            this.lane = lane;
        }

        /** Gives the slot back (once; later calls do nothing) and starts whatever may run now. */
        void free() {
            if (freed) {
                return;
            }
            freed = true;
            lane.running--;
            running--;
            if (lane.running == 0 && lane.waiting.isEmpty()) {
                lanes.remove(host);
            }
            dispatch();
        }
    }

    private static final class Lane {
        int running;
        final Deque<ClaimedRow> waiting = new ArrayDeque<>();
    }
}
