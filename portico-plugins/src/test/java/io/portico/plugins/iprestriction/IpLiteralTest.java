package io.portico.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 00000000000000000000ffff7f000001",
        "0.0.0.0, 00000000000000000000ffff00000000",
        "255.255.255.255, 00000000000000000000ffffffffffff",
        "::ffff:10.1.2.3, 00000000000000000000ffff0a010203",
        "::ffff:a01:203, 00000000000000000000ffff0a010203",
        "::1, 00000000000000000000000000000001",
        "2001:db8::7, 20010db8000000000000000000000007",
        "2001:DB8:0:0:0:0:0:7, 20010db8000000000000000000000007",
        "0:0:0:0:0:0:0:1, 00000000000000000000000000000001",
    })
    void parsesLiteralsIntoOneSpace(String text, String hex) {
        assertThat(HexFormat.of().formatHex(IpLiteral.parse(text))).isEqualTo(hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.0.0", "10.0.0.0.1", "10.0.0.256", "010.0.0.1",
        "1.2.3.04", "0x0a.0.0.1", "10.0.0.1 ", " 10.0.0.1", "10..0.1", "10.0.0.", "1234", "4294967295", ":::",
        "fe80::1%eth0", "[::1]", "::1/128", "2001:db8::g", "g::1", ".1::2", "1:2:3:4:5:6:7:8:9", "unknown"})
    void refusesAnythingButALiteral(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }
}
