package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the sender reads a collector's answer (the POST itself is covered by SpanExporterIT). */
class OtlpHttpSenderTest {

    @Test
    void readsRetryAfterInSeconds() {
        assertThat(OtlpHttpSender.retryAfter("0")).isEqualTo(Duration.ZERO);
        assertThat(OtlpHttpSender.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void ignoresARetryAfterItCannotRead() {
        assertThat(OtlpHttpSender.retryAfter(null)).isNull();
        assertThat(OtlpHttpSender.retryAfter("")).isNull();
        assertThat(OtlpHttpSender.retryAfter("-1")).isNull();
        assertThat(OtlpHttpSender.retryAfter("1.5")).isNull();
        assertThat(OtlpHttpSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(OtlpHttpSender.retryAfter("99999999999999999999")).isNull();
    }

    @Test
    void readsRejectedSpansAsStringOrNumber() {
        assertThat(rejected("{\"partialSuccess\":{\"rejectedSpans\":\"12\",\"errorMessage\":\"late\"}}")).isEqualTo(12);
        assertThat(rejected("{\"partialSuccess\":{\"rejectedSpans\":3}}")).isEqualTo(3);
    }

    @Test
    void countsNothingRejectedWithoutAPartialSuccess() {
        assertThat(rejected("")).isZero();
        assertThat(rejected("{}")).isZero();
        assertThat(rejected("{\"partialSuccess\":{}}")).isZero();
        assertThat(rejected("{\"partialSuccess\":{\"rejectedSpans\":\"many\"}}")).isZero();
        assertThat(rejected("{\"partialSuccess\":{\"rejectedSpans\":-4}}")).isZero();
        assertThat(rejected("not json")).isZero();
    }

    private static long rejected(String answer) {
        return OtlpHttpSender.rejectedSpans(answer.getBytes(StandardCharsets.UTF_8));
    }
}
