package io.portico.proxy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.portico.chain.ChainCompiler;
import io.portico.chain.PluginServices;
import io.portico.chain.RouteChains;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.observability.MetricRegistry;
import io.portico.plugin.Completed;
import io.portico.plugin.Phase;
import io.portico.plugin.PluginRegistry;
import io.portico.routing.RouteMatch;
import io.portico.transport.Transport;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request through a compiled plugin chain, without the network: the request phases (rewrite to
 * upstream_request, switching to the consumer's chain after authentication), the response-head phase
 * and the log phase, with the built-in plugins. {@code none} is the cost of the chain machinery and
 * of building the request itself; subtract it to get the plugins' share.
 *
 * <p>It lives in {@code io.portico.proxy} to reach the package-private executor the data path uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainExecutionBenchmark {

    @Param({"none", "correlation-id", "cors+correlation-id+ip-restriction", "key-auth", "key-auth+acl",
            "jwt-hs256", "jwt-rs256", "rate-limiting", "prometheus", "prometheus+correlation-id"})
    public String plugins;

    private static final String API_KEY = "k-bench-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";

    private Transport transport;
    private PluginServices services;
    private RouteChains chains;
    private Peer peer;
    private HttpHeaders requestHeaders;
    private HttpHeaders responseHeaders;
    private EventLoop eventLoop;
    private final Outcome outcome = new Outcome();
    private final Completed completed = new Completed(200, "10.0.0.1:8080", 0, 1024, 500_000, 400_000, 0, List.of());

    /** Records how the request phases ended. */
    static final class Outcome implements ChainExecution.Next {
        boolean proceeded;
        int refusedWith;

        @Override
        public void proceed() {
            proceeded = true;
        }

        @Override
        public void respond(FullHttpResponse response) {
            refusedWith = response.status().code();
            response.release();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        String publicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String hmacSecret = "bench-secret-of-at-least-thirty-two-bytes!!";
        requestHeaders = new DefaultHttpHeaders()
                .set("host", "api.example.com")
                .set("user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench")
                .set("accept", "application/json")
                .set("origin", "https://app.example.com");
        String route = switch (plugins) {
            case "none" -> "[]";
            case "correlation-id" -> "[{name: correlation-id}]";
            case "cors+correlation-id+ip-restriction" -> "[{name: correlation-id}, "
                    + "{name: cors, config: {origins: [\"https://app.example.com\"], credentials: true}}, "
                    + "{name: ip-restriction, config: {allow: [\"10.0.0.0/8\"]}}]";
            case "key-auth" -> "[{name: key-auth}]";
            case "key-auth+acl" -> "[{name: key-auth}, {name: acl, config: {allow: [gold]}}]";
            case "jwt-hs256", "jwt-rs256" -> "[{name: jwt}]";
            case "rate-limiting" -> "[{name: rate-limiting, config: {second: 1000000000, minute: 1000000000}}]";
            case "prometheus" -> "[{name: prometheus}]";
            case "prometheus+correlation-id" -> "[{name: prometheus}, {name: correlation-id}]";
            default -> throw new IllegalArgumentException("plugins: " + plugins);
        };
        if (plugins.startsWith("key-auth")) {
            requestHeaders.set("apikey", API_KEY);
        } else if (plugins.startsWith("jwt")) {
            boolean rs = plugins.equals("jwt-rs256");
            SignedJWT token = new SignedJWT(new JWSHeader(rs ? JWSAlgorithm.RS256 : JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().issuer(rs ? "bench-rs" : "bench-hs").subject("bench")
                            .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build());
            token.sign(rs ? new RSASSASigner((RSAPrivateKey) rsa.getPrivate()) : new MACSigner(hmacSecret));
            requestHeaders.set("authorization", "Bearer " + token.serialize());
        }
        String yaml = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"], workers: 1}
                services: [{name: s, url: "http://127.0.0.1:9"}]
                routes: [{name: r, paths: [/api], service: s, plugins: %s}]
                consumers:
                  - username: bench
                    groups: [gold]
                    credentials:
                      key-auth: [{key: "%s"}]
                      jwt:
                        - {key: bench-hs, algorithm: HS256, secret: "%s"}
                        - key: bench-rs
                          algorithm: RS256
                          public_key: |
                %s
                """.formatted(route, API_KEY, hmacSecret, publicPem.indent(12).stripTrailing());
        PluginRegistry registry = PluginRegistry.discover();
        PorticoSpec spec = ConfigLoader.parse(yaml, "bench.yaml", name -> null, registry);
        transport = Transport.create(1, "bench-io");
        services = PluginServices.create(new MetricRegistry());
        GatewaySnapshot snapshot = new SnapshotCompiler(transport, new ChainCompiler(registry, services)).compile(spec, null);
        RouteMatch<RouteTarget> match = snapshot.routes().match("api.example.com", "/api/items", "GET", requestHeaders);
        chains = ((RouteMatch.Found<RouteTarget>) match).value().chains();
        peer = new Peer(new InetSocketAddress("10.0.0.7", 40000), "10.0.0.7", false, 8080, snapshot);
        responseHeaders = new DefaultHttpHeaders().set("content-type", "application/json").set("content-length", "1024");
        eventLoop = new DefaultEventLoop();
        run();
        if (!outcome.proceeded) {
            throw new IllegalStateException(plugins + ": the request was refused with " + outcome.refusedWith);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        services.close();
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        transport.shutdown(Duration.ofSeconds(1));
    }

    @Benchmark
    public boolean run() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/items?page=2",
                requestHeaders.copy());
        RequestContext context = new RequestContext(request, peer, System.nanoTime(), true);
        context.setPath("/api/items", "page=2");
        ExchangeView view = new ExchangeView(context, request, "r", "s");
        ChainExecution execution = new ChainExecution(chains, view, eventLoop);
        outcome.proceeded = false;
        execution.runRequestPhases(Phase.ACCESS, outcome);
        if (outcome.proceeded) {
            outcome.proceeded = false;
            execution.runRequestPhases(Phase.UPSTREAM_REQUEST, outcome);
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, responseHeaders.copy());
        execution.responseHeaders(response, false);
        execution.log(completed);
        return outcome.proceeded;
    }
}
