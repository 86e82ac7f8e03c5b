package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code portico} command line without sockets: exit codes and exactly what is printed where. */
class CommandLineTest {

    private static final String VALID = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            upstreams:
              - name: pool
                targets: ["127.0.0.1:9001", "127.0.0.1:9002"]
            services:
              - name: users
                url: "http://pool"
            routes:
              - name: users
                paths: ["/users"]
                service: users
              - name: status
                paths: ["=/status"]
                response: {status: 200}
            """;

    private static final String INVALID = """
            version: 1
            routes:
              - name: users
                paths: ["users"]
                response: {status: 700}
            """;

    @TempDir
    Path dir;

    @Test
    void validateAcceptsValidFileWithOneLineSummary() throws IOException {
        Path file = write("portico.yaml", VALID);

        Result result = run("validate", "-c", file.toString());

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo(file + ": valid (2 routes, 1 service, 1 upstream)\n");
        assertThat(result.err).isEmpty();
    }

    @Test
    void validateRejectsInvalidFileListingEveryErrorWithPosition() throws IOException {
        Path file = write("bad.yaml", INVALID);

        Result result = run("validate", "--config", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.out).isEmpty();
        assertThat(result.err).isEqualTo("2 errors in " + file + "\n"
                + "  " + file + ":4:13: routes[0].paths[0]: \"users\" (expected: a path starting with /, =/ or ~)\n"
                + "  " + file + ":5:24: routes[0].response.status: 700 (expected: 100..599)\n");
    }

    @Test
    void validateNamesTheFileAsGivenInErrors() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(write("bad.yaml", INVALID));

        Result result = run("validate", "-c", relative.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(relative.isAbsolute()).isFalse();
        assertThat(result.err).startsWith("2 errors in " + relative + "\n  " + relative + ":4:13: routes[0].paths[0]");
    }

    @Test
    void validateReportsMissingFile() {
        Path missing = dir.resolve("nowhere.yaml");

        Result result = run("validate", "-c", missing.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.out).isEmpty();
        assertThat(result.err).isEqualTo(missing + ": no such file\n");
    }

    @Test
    void validateReportsDirectoryGivenAsFile() {
        Result result = run("validate", "-c", dir.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo(dir + ": cannot read (is a directory)\n");
    }

    @Test
    void validateUsesPorticoYamlByDefault() {
        Result result = run("validate");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo("portico.yaml: no such file\n");
    }

    @Test
    void startWithInvalidConfigExitsWithEveryError() throws IOException {
        Path file = write("bad.yaml", INVALID);

        Result result = run("start", "-c", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo("2 errors in " + file + "\n"
                + "  " + file + ":4:13: routes[0].paths[0]: \"users\" (expected: a path starting with /, =/ or ~)\n"
                + "  " + file + ":5:24: routes[0].response.status: 700 (expected: 100..599)\n");
    }

    @Test
    void startWithMissingConfigExitsWithMessage() {
        Path missing = dir.resolve("nowhere.yaml");

        Result result = run("start", "-c", missing.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).isEqualTo(missing + ": no such file\n");
    }

    @Test
    void versionPrintsVersionAndJava() {
        Result result = run("version");

        assertThat(result.code).isZero();
        // Classes run from target/classes carry no manifest version; the jar's is checked in ProcessIT.
        assertThat(result.out).isEqualTo("portico " + VersionCommand.version() + " (Java " + Runtime.version() + ")\n");
        assertThat(result.err).isEmpty();
    }

    @Test
    void versionOptionPrintsVersion() {
        Result result = run("--version");

        assertThat(result.code).isZero();
        assertThat(result.out).isEqualTo("portico " + VersionCommand.version() + "\n");
    }

    @Test
    void noCommandPrintsUsage() {
        Result result = run();

        assertThat(result.code).isZero();
        assertThat(result.out).startsWith("Usage: portico [-hV] [COMMAND]\n")
                .contains("  start ", "  validate ", "  explain ", "  demo ", "  version ");
    }

    @Test
    void unknownCommandIsUsageError() {
        Result result = run("bogus");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err).startsWith("Unmatched argument at index 0: 'bogus'\n")
                .contains("Usage: portico [-hV] [COMMAND]");
    }

    @Test
    void unknownOptionIsUsageErrorOfItsCommand() {
        Result result = run("validate", "--nope");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).startsWith("Unknown option: '--nope'\n").contains("Usage: portico validate");
    }

    @Test
    void missingOptionValueIsUsageError() {
        Result result = run("start", "-c");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).startsWith("Missing required parameter for option '--config'");
    }

    @Test
    void demoRejectsPortOutOfRangeBeforeStartingAnything() {
        Result result = run("demo", "-p", "70000");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).startsWith("--port: 70000 (expected: 0..65535; 0 = any free port)\n")
                .contains("Usage: portico demo");
    }

    @Test
    void demoRejectsAdminPortOutOfRangeBeforeStartingAnything() {
        Result result = run("demo", "--admin-port", "-1");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).startsWith("--admin-port: -1 (expected: 0..65535; 0 = any free port)\n");
    }

    @Test
    void demoRejectsPortThatIsNotANumber() {
        Result result = run("demo", "--port", "http");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).startsWith("Invalid value for option '--port': 'http' is not an int\n");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    private record Result(int code, String out, String err) {}
}
