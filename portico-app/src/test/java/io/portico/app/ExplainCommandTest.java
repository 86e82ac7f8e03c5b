package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code portico explain}: what it prints for matched and unmatched requests, and its exit codes. */
class ExplainCommandTest {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            upstreams:
              - name: users-pool
                targets: ["127.0.0.1:9001", {target: "127.0.0.1:9003", backup: true}]
            services:
              - name: users
                url: "http://users-pool/api"
                plugins:
                  - name: authenticator
              - name: legacy
                url: "http://127.0.0.1:9009"
            routes:
              - name: users-v1
                hosts: ["api.example.com"]
                paths: ["/users"]
                methods: [GET, POST]
                service: users
                plugins:
                  - name: limiter
                    config: {minute: 5}
                  - name: tagger
                    priority: 5
              - name: legacy-v2
                paths: ["/legacy"]
                headers: {x-api-version: ["2"]}
                service: legacy
              - name: status
                paths: ["=/status"]
                response: {status: 204}
              - name: overview
                paths: ["/overview/{id}"]
                aggregate:
                  timeout: 750ms
                  backends:
                    - {service: users, path: "/users/{id}", key: user}
                    - {service: legacy, path: "/extras?of={id}", optional: true}
            consumers:
              - username: alice
                plugins:
                  - name: limiter
                    config: {minute: 100}
              - username: bob
                plugins:
                  - name: limiter
                    route: users-v1
              - username: carol
            plugins:
              - name: tagger
              - name: request-id
            """;

    @TempDir
    Path dir;

    @Test
    void printsTheMatchedRoutePhaseByPhaseThenItsServiceAndTargets() throws IOException {
        Result result = explain(CONFIG, "GET http://api.example.com/users/42?page=2");

        assertThat(result.code).isZero();
        assertThat(result.err).isEmpty();
        assertThat(result.out).isEqualTo("""
                route     users-v1 (matched on path /users/42)
                consumer  none (the route's chain; see --consumer)

                  phase             plugin         priority  scope    source
                  rewrite           request-id       100001  global   plugins
                  authenticate      authenticator      1250  service  services[users]
                  access            limiter             910  route    routes[users-v1]
                                    tagger                5  route    routes[users-v1]
                  upstream_request  tagger                5  route    routes[users-v1]
                  request_body      -
                  upstream_attempt  -
                  response_headers  request-id       100001  global   plugins
                  response_body     -
                  log               tagger                5  route    routes[users-v1]

                service   users (http://users-pool/api)
                upstream  users-pool
                targets   127.0.0.1:9001, 127.0.0.1:9003
                """);
    }

    @Test
    void jsonPrintsTheChainReportWithEveryPhase() throws IOException {
        Result result = explain(CONFIG, "POST http://API.example.com:8080/users", "--json");

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo("{\"route\":\"users-v1\",\"consumer\":null,"
                + "\"service\":{\"name\":\"users\",\"url\":\"http://users-pool/api\",\"upstream\":\"users-pool\","
                + "\"targets\":[\"127.0.0.1:9001\",\"127.0.0.1:9003\"]},\"response\":null,\"aggregate\":null,\"phases\":{"
                + "\"rewrite\":[{\"plugin\":\"request-id\",\"priority\":100001,\"scope\":\"global\",\"source\":\"plugins\"}],"
                + "\"authenticate\":[{\"plugin\":\"authenticator\",\"priority\":1250,\"scope\":\"service\",\"source\":\"services[users]\"}],"
                + "\"access\":[{\"plugin\":\"limiter\",\"priority\":910,\"scope\":\"route\",\"source\":\"routes[users-v1]\"},"
                + "{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}],"
                + "\"upstream_request\":[{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}],"
                + "\"request_body\":[],"
                + "\"upstream_attempt\":[],"
                + "\"response_headers\":[{\"plugin\":\"request-id\",\"priority\":100001,\"scope\":\"global\",\"source\":\"plugins\"}],"
                + "\"response_body\":[],"
                + "\"log\":[{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}]}}\n");
    }

    @Test
    void consumerPluginsReplaceRoutePluginsAfterAuthenticationOnly() throws IOException {
        Result alice = explain(CONFIG, "GET http://api.example.com/users", "--consumer", "alice", "--json");
        Result bob = explain(CONFIG, "GET http://api.example.com/users", "--consumer", "bob");

        assertThat(alice.code).isZero();
        assertThat(alice.out).startsWith("{\"route\":\"users-v1\",\"consumer\":\"alice\",")
                .contains("\"access\":[{\"plugin\":\"limiter\",\"priority\":910,\"scope\":\"consumer\",\"source\":\"consumers[alice]\"},"
                        + "{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}]")
                .contains("\"authenticate\":[{\"plugin\":\"authenticator\",\"priority\":1250,\"scope\":\"service\"");
        assertThat(bob.code).isZero();
        assertThat(bob.out).contains("consumer  bob (the consumer's plugins apply after authentication)\n")
                .contains("  access            limiter             910  consumer+route  consumers[bob]@users-v1\n");
    }

    @Test
    void consumerWithoutPluginsOfItsOwnGetsTheRouteChain() throws IOException {
        Result carol = explain(CONFIG, "GET http://api.example.com/users", "--consumer", "carol", "--json");
        Result nobody = explain(CONFIG, "GET http://api.example.com/users", "--json");

        assertThat(carol.code).isZero();
        assertThat(carol.out).isEqualTo(nobody.out.replace("\"consumer\":null", "\"consumer\":\"carol\""));
    }

    @Test
    void staticRouteShowsItsResponseAndOnlyThePhasesItRuns() throws IOException {
        Result result = explain(CONFIG, "http://anything.example/status");

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo("""
                route     status (matched on path /status)
                consumer  none (the route's chain; see --consumer)

                  phase             plugin      priority  scope   source
                  rewrite           request-id    100001  global  plugins
                  authenticate      -
                  access            tagger            10  global  plugins
                  upstream_request  -
                  request_body      -
                  upstream_attempt  -
                  response_headers  request-id    100001  global  plugins
                  response_body     -
                  log               tagger            10  global  plugins

                response  static response 204 (no upstream)
                """);
    }

    @Test
    void aggregateRouteShowsItsBackendsAndThePhasesItRuns() throws IOException {
        Result result = explain(CONFIG, "http://anything.example/overview/7");

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo("""
                route     overview (matched on path /overview/7)
                consumer  none (the route's chain; see --consumer)

                  phase             plugin      priority  scope   source
                  rewrite           request-id    100001  global  plugins
                  authenticate      -
                  access            tagger            10  global  plugins
                  upstream_request  tagger            10  global  plugins
                  request_body      -
                  upstream_attempt  -
                  response_headers  request-id    100001  global  plugins
                  response_body     -
                  log               tagger            10  global  plugins

                aggregate 2 backends in parallel, deadline 750ms
                  users /users/{id} -> user
                  legacy /extras?of={id} -> (root) (optional)
                """);
    }

    @Test
    void weightedGroupListsEveryMemberWithItsWeightAndChain() throws IOException {
        String config = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off}
                routes:
                  - {name: v2-stable, paths: ["/v2"], response: {status: 200}, weight: 90}
                  - {name: v2-canary, paths: ["/v2"], response: {status: 201}, weight: 10}
                  - {name: v2-dark, paths: ["/v2"], response: {status: 202}, weight: 0}
                """;
        Result result = explain(config, "http://x.example/v2/a");

        assertThat(result.code).isZero();
        assertThat(result.out).startsWith("""
                weighted group: each request goes to one of these routes, in proportion to its weight
                  v2-stable            weight   90  (90.0 %)
                  v2-canary            weight   10  (10.0 %)
                  v2-dark              weight    0  (0.0 %)

                member v2-stable
                route     v2-stable (matched on path /v2/a)
                """);
        assertThat(result.out).contains("member v2-canary\nroute     v2-canary (matched on path /v2/a)",
                "static response 201", "member v2-dark\nroute     v2-dark");

        Result json = explain(config, "http://x.example/v2/a", "--json");
        assertThat(json.out).startsWith("{\"weighted_group\":[{\"route\":\"v2-stable\",\"weight\":90,\"chain\":{")
                .contains("{\"route\":\"v2-dark\",\"weight\":0,\"chain\":{");
    }

    @Test
    void directServiceHasNoUpstreamName() throws IOException {
        Result result = explain(CONFIG, "GET http://x.example/legacy/a", "-H", "X-API-Version: 2", "--json");

        assertThat(result.code).isZero();
        assertThat(result.out).contains("\"service\":{\"name\":\"legacy\",\"url\":\"http://127.0.0.1:9009\","
                + "\"upstream\":null,\"targets\":[\"127.0.0.1:9009\"]}");
    }

    @Test
    void headersTakePartInMatching() throws IOException {
        Result without = explain(CONFIG, "GET http://x.example/legacy/a");
        Result other = explain(CONFIG, "GET http://x.example/legacy/a", "--header", "x-api-version: 1");

        assertThat(without.code).isEqualTo(2);
        assertThat(without.out).isEqualTo("no route: 404\n");
        assertThat(other.code).isEqualTo(2);
    }

    @Test
    void originFormTakesItsHostFromTheHostHeader() throws IOException {
        Result withHost = explain(CONFIG, "/users", "-H", "Host: api.example.com");
        Result withoutHost = explain(CONFIG, "/users");

        assertThat(withHost.code).isZero();
        assertThat(withHost.out).startsWith("route     users-v1 (matched on path /users)\n");
        assertThat(withoutHost.code).isEqualTo(2);
        assertThat(withoutHost.out).isEqualTo("no route: 404\n");
    }

    @Test
    void theUrlsHostWinsOverAHostHeader() throws IOException {
        Result result = explain(CONFIG, "GET http://api.example.com/users", "-H", "Host: elsewhere.example");

        assertThat(result.code).isZero();
        assertThat(result.out).startsWith("route     users-v1 ");
    }

    @Test
    void pathIsNormalizedBeforeMatchingAsTheGatewayDoes() throws IOException {
        Result result = explain(CONFIG, "GET http://api.example.com/a/..//users/%7Ebob");

        assertThat(result.code).isZero();
        assertThat(result.out).startsWith("route     users-v1 (matched on path /users/~bob)\n");
    }

    @Test
    void wrongMethodIsA405WithTheAllowedMethods() throws IOException {
        Result text = explain(CONFIG, "DELETE http://api.example.com/users");
        Result json = explain(CONFIG, "DELETE http://api.example.com/users", "--json");

        assertThat(text.code).isEqualTo(2);
        assertThat(text.out).isEqualTo("no route: 405 (allowed: GET, POST)\n");
        assertThat(json.code).isEqualTo(2);
        assertThat(json.out).isEqualTo("{\"status\":405,\"error\":\"method_not_allowed\","
                + "\"message\":\"method DELETE is not allowed here\",\"allow\":[\"GET\",\"POST\"]}\n");
    }

    @Test
    void unsafePathIsA400() throws IOException {
        Result text = explain(CONFIG, "GET http://api.example.com/users/%2e%2e/%2e%2e/etc");
        Result json = explain(CONFIG, "GET http://api.example.com/users/%2e%2e/%2e%2e/etc", "--json");

        assertThat(text.code).isEqualTo(2);
        assertThat(text.out).startsWith("no route: 400 unsafe path (");
        assertThat(json.code).isEqualTo(2);
        assertThat(json.out).startsWith("{\"status\":400,\"error\":\"bad_request\",\"message\":\"unsafe or malformed path: ");
    }

    @Test
    void noRouteJsonIsTheGatewaysError() throws IOException {
        Result result = explain(CONFIG, "GET http://api.example.com/nowhere", "--json");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).isEqualTo("{\"status\":404,\"error\":\"no_route\",\"message\":\"no route matches this request\"}\n");
    }

    @Test
    void invalidConfigurationExitsWithOneAndEveryError() throws IOException {
        Path file = write("bad.yaml", """
                version: 1
                routes:
                  - name: users
                    paths: ["users"]
                    response: {status: 700}
                """);

        Result result = run(new ExplainCommand(TestPluginType.registry()), "-c", file.toString(), "GET http://x/users");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.out).isEmpty();
        assertThat(result.err).isEqualTo("2 errors in " + file + "\n"
                + "  " + file + ":4:13: routes[0].paths[0]: \"users\" (expected: a path starting with /, =/ or ~)\n"
                + "  " + file + ":5:24: routes[0].response.status: 700 (expected: 100..599)\n");
    }

    @Test
    void pluginThatCannotStartIsAConfigurationErrorNamingTheFile() throws IOException {
        Path file = write("portico.yaml", """
                version: 1
                routes:
                  - name: status
                    paths: ["=/status"]
                    response: {status: 200}
                    plugins:
                      - name: limiter
                        config: {fail_to_start: true}
                """);

        Result result = run(new ExplainCommand(TestPluginType.registry()), "-c", file.toString(), "GET http://x/status");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo("1 error in " + file + "\n"
                + "  " + file + ": routes[status].limiter: cannot start the plugin: told not to start\n");
    }

    @Test
    void missingFileExitsWithOne() {
        Path missing = dir.resolve("nowhere.yaml");

        Result result = Result.of(Main::run, "explain", "-c", missing.toString(), "GET http://x/");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo(missing + ": no such file\n");
    }

    @Test
    void unknownConsumerIsAUsageError() throws IOException {
        Result result = explain(CONFIG, "GET http://api.example.com/users", "--consumer", "mallory");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err).startsWith("--consumer: \"mallory\" (expected: the username of a consumer in ");
    }

    @Test
    void malformedRequestOrHeaderIsAUsageError() throws IOException {
        Result scheme = explain(CONFIG, "GET ftp://api.example.com/users");
        Result header = explain(CONFIG, "GET http://api.example.com/users", "-H", "no colon here");

        assertThat(scheme.code).isEqualTo(2);
        assertThat(scheme.err).startsWith("REQUEST: \"GET ftp://api.example.com/users\" (expected: [METHOD] URL");
        assertThat(header.code).isEqualTo(2);
        assertThat(header.err).startsWith("REQUEST: \"no colon here\" (expected: a header as 'name: value')");
    }

    @Test
    void isListedAmongTheCommands() {
        Result result = Result.of(Main::run);

        assertThat(result.out).contains("  explain ");
    }

    private Result explain(String yaml, String... args) throws IOException {
        Path file = write("portico.yaml", yaml);
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(new ExplainCommand(TestPluginType.registry()), all);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Result run(ExplainCommand command, String... args) {
        return Result.of((out, err, all) -> new CommandLine(command).setOut(out).setErr(err).execute(all), args);
    }

    @FunctionalInterface
    private interface Runner {
        int run(PrintWriter out, PrintWriter err, String... args);
    }

    private record Result(int code, String out, String err) {

        static Result of(Runner runner, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            PrintWriter outWriter = new PrintWriter(out);
            PrintWriter errWriter = new PrintWriter(err);
            int code = runner.run(outWriter, errWriter, args);
            outWriter.flush();
            errWriter.flush();
            return new Result(code, out.toString().replace(System.lineSeparator(), "\n"),
                    err.toString().replace(System.lineSeparator(), "\n"));
        }
    }
}
