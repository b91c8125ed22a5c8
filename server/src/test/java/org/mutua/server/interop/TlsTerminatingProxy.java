package org.mutua.server.interop;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;

/** The TLS reverse proxy a production node sits behind: HTTPS outside, plain HTTP to the node, Host kept. */
final class TlsTerminatingProxy implements AutoCloseable {
    final HttpServer server;

    private TlsTerminatingProxy(HttpServer server) {
        this.server = server;
    }

    static TlsTerminatingProxy start(Vertx vertx, int port, Path keyStore, String password, int backendPort) throws Exception {
        HttpClient client = vertx.createHttpClient();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(password)))
            .requestHandler(in -> in.body().onSuccess(body -> {
                RequestOptions out = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(backendPort).setURI(in.uri());
                in.headers().forEach(h -> out.addHeader(h.getKey(), h.getValue()));
                out.putHeader("Host", in.authority() == null ? in.getHeader("Host") : in.authority().toString());
                client.request(out).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> {
                    in.response().setStatusCode(resp.statusCode());
                    resp.headers().forEach(h -> {
                        if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("transfer-encoding")) {
                            in.response().headers().add(h.getKey(), h.getValue());
                        }
                    });
                    in.response().end(b);
                    return null;
                })).onFailure(err -> in.response().setStatusCode(502).end());
            }))
            .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return new TlsTerminatingProxy(server);
    }

    @Override
    public void close() {
        server.close();
    }
}
