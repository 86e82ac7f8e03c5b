package io.portico.http;

import static io.portico.http.Feed.lines;
import static io.portico.http.RequestDecoding.assertRejected;
import static io.portico.http.RequestDecoding.decode;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every request the strict decoder must refuse with 400, each fed whole and one byte at a time. */
class RequestRejectionTest {

    private static String withHeaders(String... headers) {
        return "GET / HTTP/1.1\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    }

    private static String post(String... headersAndBody) {
        return "POST / HTTP/1.1\r\nHost: a\r\n" + String.join("\r\n", headersAndBody);
    }

    @Test
    void rejectsBothContentLengthAndTransferEncoding() {
        assertRejected(post("Content-Length: 3", "Transfer-Encoding: chunked", "", "0", "", ""), 400);
        assertRejected(post("Transfer-Encoding: chunked", "Content-Length: 3", "", "0", "", ""), 400);
    }

    @Test
    void rejectsRepeatedContentLengthEvenWithEqualValues() {
        assertRejected(post("Content-Length: 3", "Content-Length: 3", "", "abc"), 400);
        assertRejected(post("Content-Length: 3", "content-length: 4", "", "abcd"), 400);
    }

    @Test
    void rejectsContentLengthList() {
        assertRejected(post("Content-Length: 3, 3", "", "abc"), 400);
        assertRejected(post("Content-Length: 3,3", "", "abc"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+3", "-3", "3 3", "3a", "0x3", "", " ", "3.0", "99999999999999999999", "9223372036854775808"})
    void rejectsMalformedContentLength(String value) {
        assertRejected(post("Content-Length: " + value, "", "abc"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "chunked, chunked", "identity", "chunked;q=1", "gzip", "chunked,", ""})
    void rejectsTransferEncodingOtherThanExactlyChunked(String value) {
        assertRejected(post("Transfer-Encoding: " + value, "", "0", "", ""), 400);
    }

    @Test
    void acceptsTransferEncodingChunkedInAnyCaseWithSurroundingWhitespace() {
        assertThat(decode(post("Transfer-Encoding: \tcHuNkEd ", "", "0", "", ""))).endsWith("last");
    }

    @Test
    void rejectsTwoTransferEncodingLines() {
        assertRejected(post("Transfer-Encoding: chunked", "Transfer-Encoding: chunked", "", "0", "", ""), 400);
    }

    @Test
    void rejectsTransferEncodingInHttp10Request() {
        assertRejected(lines("POST / HTTP/1.0", "Transfer-Encoding: chunked", "", "0", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "", "+5", "-5", " 5", "\t5", "5 ", "0x5", "00000000000000005", "FFFFFFFFFFFFFFFF",
        "8000000000000000", "5\u0000", "5\u00e9"})
    void rejectsBadChunkSize(String size) {
        assertThat(decode(post("Transfer-Encoding: chunked", "", size, "hello", "0", "", "")))
                .endsWith("rejected 400");
    }

    @Test
    void rejectsBareLfAfterChunkSize() {
        assertThat(decode(post("Transfer-Encoding: chunked", "", "") + "5\nhello\r\n0\r\n\r\n")).endsWith("rejected 400");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "; a=b", ";a =b", ";a= b", ";a=\"b\"", ";a=", ";=b", ";a;", ";a=b=c", " ;a"})
    void rejectsChunkExtensionsNotInStrictTokenForm(String extension) {
        assertThat(decode(post("Transfer-Encoding: chunked", "", "5" + extension, "hello", "0", "", "")))
                .containsExactly("POST / HTTP/1.1 {host=a, transfer-encoding=chunked}", "rejected 400");
    }

    @Test
    void rejectsMissingCrlfAfterChunkData() {
        assertThat(decode(post("Transfer-Encoding: chunked", "", "5", "hello!", "0", "", "")))
                .endsWith("content:hello", "rejected 400");
        assertThat(decode(post("Transfer-Encoding: chunked", "", "5", "hello\n0", "", "")))
                .endsWith("content:hello", "rejected 400");
        assertThat(decode(post("Transfer-Encoding: chunked", "", "5", "hello\r0", "", "")))
                .endsWith("content:hello", "rejected 400");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no colon", " folded: x", "Bad Name: x", "X: a\u0001b", ": x", "X : y"})
    void rejectsBadTrailerLines(String trailer) {
        assertThat(decode(post("Transfer-Encoding: chunked", "", "0", trailer, "", ""))).endsWith("rejected 400");
    }

    @Test
    void rejectsBareLfInTrailers() {
        assertThat(decode(post("Transfer-Encoding: chunked", "", "0", "") + "X: y\n\r\n")).endsWith("rejected 400");
    }

    @Test
    void rejectsObsFold() {
        assertRejected(withHeaders("Host: a", "X-Long: part one", " part two"), 400);
        assertRejected(withHeaders("Host: a", "X-Long: part one", "\tpart two"), 400);
    }

    @Test
    void rejectsWhitespaceBeforeFirstHeaderLine() {
        assertRejected(withHeaders(" Host: a"), 400);
    }

    @Test
    void rejectsBareCrInHead() {
        assertRejected("GET / HTTP/1.1\rHost: a\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", 400);
    }

    @Test
    void rejectsBareLfInHead() {
        assertRejected("GET / HTTP/1.1\nHost: a\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: a\r\n\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001f", "\u007f", "\t", "\u000b", "\u000c"})
    void rejectsControlCharactersInRequestLine(String control) {
        assertRejected(lines("GET /a" + control + "b HTTP/1.1", "Host: a", "", ""), 400);
        assertRejected(lines("GE" + control + "T / HTTP/1.1", "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001f", "\u007f", "\u000b"})
    void rejectsControlCharactersInHeaderNamesAndValues(String control) {
        assertRejected(withHeaders("Host: a", "X-N" + control + "ame: v"), 400);
        assertRejected(withHeaders("Host: a", "X-Name: v" + control + "w"), 400);
        assertRejected(withHeaders("Host: a", "X-Name: vw" + control), 400);
    }

    @Test
    void rejectsHtabInHeaderName() {
        assertRejected(withHeaders("Host: a", "X-N\tame: v"), 400);
    }

    @Test
    void rejectsWhitespaceBetweenHeaderNameAndColon() {
        assertRejected(withHeaders("Host: a", "X-Name : v"), 400);
        assertRejected(withHeaders("Host : a"), 400);
        assertRejected(withHeaders("Host: a", "Content-Length\t: 0"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {": v", "X(y): v", "X/y: v", "X\"y: v", "X{y}: v", "\u00e9: v", "no-colon-at-all", "X@y: v"})
    void rejectsEmptyOrNonTokenHeaderName(String line) {
        assertRejected(withHeaders("Host: a", line), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\r\n\r\n", " ", "\t", "\u0016", "\n"})
    void rejectsAnyBytesBeforeRequestLine(String prefix) {
        assertRejected(prefix + lines("GET / HTTP/1.1", "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 ", "GET /", "GET / ", "GET", "GET\t/ HTTP/1.1",
        "GET / http/1.1", "GET / HTTP/1.1.1", "GET / HTTP/1", "GET / HTTP/11", "GET / HTTPS/1.1", "GET / HTTP/a.b",
        "G(T / HTTP/1.1", "GET / HTTP/1.1 extra", "/ HTTP/1.1", "GET /a b HTTP/1.1"})
    void rejectsRequestLineNotExactlyMethodTargetVersion(String requestLine) {
        assertRejected(lines(requestLine, "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "*", "ftp://a/", "example.com:80", "http:/a", "?x", "http//a/"})
    void rejectsRequestTargetOutsideOriginAbsoluteOrAsteriskForm(String target) {
        assertRejected(lines("GET " + target + " HTTP/1.1", "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a#b", "/#", "/a\u00e9", "/a\u0080", "/a\u00ff", "/\u0000", "/\u001b"})
    void rejectsFragmentControlOrNonAsciiInTarget(String target) {
        assertRejected(lines("GET " + target + " HTTP/1.1", "Host: a", "", ""), 400);
    }

    @Test
    void rejectsHttp11WithoutHost() {
        assertRejected(lines("GET / HTTP/1.1", "Accept: */*", "", ""), 400);
        assertRejected(lines("GET http://a/ HTTP/1.1", "", ""), 400);
    }

    @Test
    void rejectsMoreThanOneHost() {
        assertRejected(withHeaders("Host: a", "Host: a"), 400);
        assertRejected(withHeaders("Host: a", "host: b"), 400);
        assertRejected(lines("GET / HTTP/1.0", "Host: a", "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "a:", "a:99999", "a:123456", "[::1", "[zz]", "[::1]x", "user@host", "a,b",
        "a;b", "a/b", "a%20b", "[::1]:", ":80", "a:-1", "a:8 0"})
    void rejectsHostThatIsNotValidHostAndPort(String host) {
        assertRejected(withHeaders("Host: " + host), 400);
    }

    @Test
    void rejectsAbsoluteFormWhoseAuthorityDisagreesWithHost() {
        assertRejected(lines("GET http://a/ HTTP/1.1", "Host: b", "", ""), 400);
        assertRejected(lines("GET http://a:80/ HTTP/1.1", "Host: a", "", ""), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://u@a/", "http://u:p@a/", "http:///x", "http://a b/", "http://[::1/"})
    void rejectsAbsoluteFormWithInvalidAuthority(String target) {
        assertRejected(lines("GET " + target + " HTTP/1.1", "Host: a", "", ""), 400);
    }

    @Test
    void rejectionReasonsAreShortPhrases() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        channel.writeInbound(StrictHttpRequestDecoderTest.buffer(post("Content-Length: 1", "Content-Length: 1", "", "")));
        assertThat((Object) channel.readInbound())
                .isEqualTo(new RequestRejected(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                        "repeated Content-Length"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
