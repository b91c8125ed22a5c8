package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.List;

/** Name to addresses, off the event loop. Tests substitute a fixed table. */
@FunctionalInterface
public interface HostResolver {
    Future<List<InetAddress>> resolve(String asciiHost);

    /** The JVM resolver on a worker thread: {@link InetAddress#getAllByName} blocks. */
    static HostResolver system(Vertx vertx) {
        return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }
}
