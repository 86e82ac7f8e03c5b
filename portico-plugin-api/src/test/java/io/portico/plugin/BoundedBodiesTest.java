package io.portico.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodiesTest {

    private final RecordingSubscription subscription = new RecordingSubscription();

    @Test
    void collectsABodyOfExactlyTheBound() throws Exception {
        HttpResponse.BodySubscriber<byte[]> body = subscribe(8);

        body.onNext(List.of(buffer("abc"), buffer("de")));
        body.onNext(List.of(buffer("fgh")));
        body.onComplete();

        assertThat(new String(body.getBody().toCompletableFuture().get(), UTF_8)).isEqualTo("abcdefgh");
        assertThat(subscription.requested).isEqualTo(Long.MAX_VALUE);
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void failsALongerBodyAndCancelsTheTransfer() {
        HttpResponse.BodySubscriber<byte[]> body = subscribe(8);

        body.onNext(List.of(buffer("abcde")));
        body.onNext(List.of(buffer("fghi")));
        body.onNext(List.of(buffer("j")));
        body.onComplete();

        assertThat(subscription.cancelled).isTrue();
        CompletableFuture<byte[]> result = body.getBody().toCompletableFuture();
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IOException.class).hasMessage("response body larger than 8 bytes");
    }

    @Test
    void passesOnATransferError() {
        HttpResponse.BodySubscriber<byte[]> body = subscribe(8);
        IOException reset = new IOException("connection reset");

        body.onError(reset);

        assertThatThrownBy(body.getBody().toCompletableFuture()::get).hasCause(reset);
    }

    @Test
    void refusesANegativeBound() {
        assertThatThrownBy(() -> BoundedBodies.upTo(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes: -1 (expected: >= 0)");
    }

    private HttpResponse.BodySubscriber<byte[]> subscribe(int maxBytes) {
        HttpResponse.BodySubscriber<byte[]> body = BoundedBodies.upTo(maxBytes).apply(new ResponseInfo());
        body.onSubscribe(subscription);
        return body;
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(UTF_8));
    }

    private static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static final class ResponseInfo implements HttpResponse.ResponseInfo {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (name, value) -> true);
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
