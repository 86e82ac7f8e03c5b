package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    private static String path(String target) throws InvalidPathException {
        return PathNormalizer.normalize(target).path();
    }

    @Test
    void returnsTheSameStringWhenNothingChanges() throws InvalidPathException {
        String target = "/api/v1/users/42/orders~x_y-z.json";
        NormalizedTarget normalized = PathNormalizer.normalize(target);
        assertThat(normalized.path()).isSameAs(target);
        assertThat(normalized.query()).isNull();
        String withEscapes = "/a%20b/%C3%A9/%3B/!$&'()*+,=:@";
        assertThat(path(withEscapes)).isSameAs(withEscapes);
    }

    @Test
    void splitsRawQueryAfterTheFirstQuestionMark() throws InvalidPathException {
        assertThat(PathNormalizer.normalize("/a/./b?x=%2f&y=1?z#"))
                .isEqualTo(new NormalizedTarget("/a/b", "x=%2f&y=1?z#"));
        assertThat(PathNormalizer.normalize("/a?")).isEqualTo(new NormalizedTarget("/a", ""));
        assertThat(PathNormalizer.normalize("/?q")).isEqualTo(new NormalizedTarget("/", "q"));
    }

    @Test
    void passesAsteriskThrough() throws InvalidPathException {
        assertThat(PathNormalizer.normalize("*")).isEqualTo(new NormalizedTarget("*", null));
    }

    @ParameterizedTest
    @CsvSource({
        "/%61%62%63, /abc",
        "/%7E%2D%2E%5F%30, /~-._0",
        "/%7e, /~",
        "/a%2fb%3a, REJECT",
        "/%3a%40%2c, /%3A%40%2C",
        "/%c3%a9, /%C3%A9",
        "/%252e%252e/x, /%252e%252e/x",
        "/%25%32%65, /%252e",
    })
    void decodesOnlyUnreservedAndUpperCasesOtherEscapes(String target, String expected) {
        if (expected.equals("REJECT")) {
            assertThatThrownBy(() -> path(target)).isInstanceOf(InvalidPathException.class);
        } else {
            assertThat(catching(target)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/a/./b, /a/b",
        "/a/../b, /b",
        "/a/b/.., /a/",
        "/a/b/., /a/b/",
        "/a/b/../../c, /c",
        "/., /",
        "/a/.., /",
        "/a/%2e%2e/b, /b",
        "/a/%2E/b, /a/b",
        "/a/.%2e/b, /b",
        "/a/..b/c, /a/..b/c",
        "/a/.../b, /a/.../b",
        "/a/b./c, /a/b./c",
        "//a///b//, /a/b/",
        "/a//../b, /b",
        "/a/.//b, /a/b",
        "/./../a, REJECT",
    })
    void removesDotSegmentsAfterDecodingAndMergesSlashes(String target, String expected) {
        assertThat(catching(target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../a", "/a/../..", "/a/../../b", "/%2e%2e", "/%2E%2e/etc/passwd", "/a/b/../../../c"})
    void rejectsPathsAboveTheRoot(String target) {
        assertThatThrownBy(() -> path(target)).isInstanceOf(InvalidPathException.class)
                .hasMessage("path climbs above the root");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " | ", value = {
        "/a%2Fb | encoded slash in path",
        "/a%2fb | encoded slash in path",
        "/a%5Cb | encoded backslash in path",
        "/a%5cb | encoded backslash in path",
        "/a\\b | backslash in path",
        "/a;b | semicolon in path",
        "/a;jsessionid=1 | semicolon in path",
        "/a%00b | encoded NUL in path",
        "/a%0Ab | encoded control character in path",
        "/a%7fb | encoded control character in path",
        "/a%G1 | malformed percent-encoding",
        "/a%1G | malformed percent-encoding",
        "/a%2 | malformed percent-encoding",
        "/a% | malformed percent-encoding",
        "/a%2?x | malformed percent-encoding",
        "/%C3 | invalid UTF-8 in percent-encoding",
        "/%C3/ | invalid UTF-8 in percent-encoding",
        "/%C3a | invalid UTF-8 in percent-encoding",
        "/%80 | invalid UTF-8 in percent-encoding",
        "/%C0%AF | invalid UTF-8 in percent-encoding",
        "/%E0%80%AF | invalid UTF-8 in percent-encoding",
        "/%ED%A0%80 | invalid UTF-8 in percent-encoding",
        "/%F4%90%80%80 | invalid UTF-8 in percent-encoding",
        "/%F5%80%80%80 | invalid UTF-8 in percent-encoding",
        "/%E2%82 | invalid UTF-8 in percent-encoding",
        "/a b | invalid character in path",
        "/a\"b | invalid character in path",
        "/a<b> | invalid character in path",
        "/a{b} | invalid character in path",
        "/a|b | invalid character in path",
        "/a^b | invalid character in path",
        "/a`b | invalid character in path",
        "/a#b | invalid character in path",
        "/é | non-ASCII character in path",
        "a/b | path must start with /",
        "?x | path must start with /",
        "'' | path must start with /",
        "** | path must start with /",
    })
    void rejectsUnsafePaths(String target, String reason) {
        assertThatThrownBy(() -> path(target)).isInstanceOf(InvalidPathException.class).hasMessage(reason);
    }

    @Test
    void rejectsRawControlCharacters() {
        assertThatThrownBy(() -> path("/a\u0000b")).hasMessage("NUL in path");
        assertThatThrownBy(() -> path("/a\tb")).hasMessage("control character in path");
        assertThatThrownBy(() -> path("/a\u007fb")).hasMessage("control character in path");
    }

    @Test
    void acceptsValidMultiByteUtf8Escapes() {
        assertThat(catching("/%e2%82%ac/%F0%9F%98%80/%ef%bf%bd")).isEqualTo("/%E2%82%AC/%F0%9F%98%80/%EF%BF%BD");
    }

    private static String catching(String target) {
        try {
            return path(target);
        } catch (InvalidPathException e) {
            return "REJECT";
        }
    }
}
