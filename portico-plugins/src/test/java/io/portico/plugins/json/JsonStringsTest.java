package io.portico.plugins.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quoting the log plugins and the OTLP encoder share, character by character. */
class JsonStringsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void escapesQuotesBackslashesAndTheShortControlEscapes() {
        assertThat(quoted("a\"b\\c\nd\re\tf\bg\fh")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\"");
    }

    @Test
    void escapesOtherControlCharactersDelAndTheJavaScriptLineBreaksAsUnicode() {
        assertThat(quoted("\u0000\u0001\u001f\u007f\u2028\u2029")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\\u2028\\u2029\"");
    }

    @Test
    void keepsPairedSurrogatesAndEscapesUnpairedOnes() {
        assertThat(quoted("😀")).isEqualTo("\"😀\"");
        assertThat(quoted("a\ud800b\udc00")).isEqualTo("\"a\\ud800b\\udc00\"");
        assertThat(quoted("\udc00\ud83d")).isEqualTo("\"\\udc00\\ud83d\"");
    }

    @Test
    void leavesOtherTextAsItIs() {
        assertThat(quoted("plain é € 漢 /path?q=1")).isEqualTo("\"plain é € 漢 /path?q=1\"");
    }

    @Test
    void writesNullForNull() {
        assertThat(quoted(null)).isEqualTo("null");
    }

    @Test
    void anyTextSurvivesUtf8AndAJsonParserUnchanged() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        every.append("\ud800 \udfff 😀");
        String text = every.toString();

        byte[] utf8 = quoted(text).getBytes(StandardCharsets.UTF_8);

        assertThat(JSON.readTree(utf8).asText()).isEqualTo(text);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder();
        JsonStrings.append(out, text);
        return out.toString();
    }
}
