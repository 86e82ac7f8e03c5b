package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds raw bytes to a decoder in an EmbeddedChannel and records what it emits as readable event
 * strings, releasing every message and checking that every input buffer was released.
 */
final class Feed {
    private final EmbeddedChannel channel;
    private final List<ByteBuf> inputs = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private Runnable afterDrain = () -> {};

    Feed(EmbeddedChannel channel) {
        this.channel = channel;
    }

    /** Runs {@code action} after every drain, e.g. to resume a paused request decoder. */
    Feed afterDrain(Runnable action) {
        this.afterDrain = action;
        return this;
    }

    static String lines(String... lines) {
        return String.join("\r\n", lines);
    }

    /** Writes {@code raw} (ISO-8859-1, so any byte can be expressed) in one buffer. */
    Feed write(String raw) {
        return write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    Feed write(byte[] bytes) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        buf.writeBytes(bytes);
        inputs.add(buf);
        channel.writeInbound(buf);
        drain();
        afterDrain.run();
        return this;
    }

    /** Writes {@code raw} one byte per buffer. */
    Feed writeBytewise(String raw) {
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
            write(new byte[] {b});
        }
        return this;
    }

    /** Records and releases everything the decoder has emitted so far. */
    Feed drain() {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            try {
                events.add(describe(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return this;
    }

    List<String> events() {
        return events;
    }

    /** Events with adjacent content chunks merged, which is what must not depend on how input was split. */
    List<String> mergedEvents() {
        List<String> merged = new ArrayList<>();
        for (String event : events) {
            int last = merged.size() - 1;
            if (event.startsWith("content:") && last >= 0 && merged.get(last).startsWith("content:")) {
                merged.set(last, merged.get(last) + event.substring("content:".length()));
            } else {
                merged.add(event);
            }
        }
        return merged;
    }

    /** Closes the channel, then checks that nothing is left over and that every input was released. */
    Feed finish() {
        channel.close();
        drain();
        assertThat(channel.finishAndReleaseAll()).as("messages left in the channel").isFalse();
        for (ByteBuf input : inputs) {
            assertThat(input.refCnt()).as("input buffer released").isZero();
        }
        return this;
    }

    static String describe(Object msg) {
        if (msg instanceof HttpRequest request) {
            return request.method() + " " + request.uri() + " " + request.protocolVersion() + " "
                    + headers(request.headers());
        }
        if (msg instanceof HttpResponse response) {
            return response.protocolVersion() + " " + response.status() + " " + headers(response.headers());
        }
        if (msg instanceof LastHttpContent last) {
            assertThat(last.content().isReadable()).as("LastHttpContent carries no data").isFalse();
            return last.trailingHeaders().isEmpty() ? "last" : "last " + headers(last.trailingHeaders());
        }
        if (msg instanceof HttpContent content) {
            return "content:" + content.content().toString(StandardCharsets.ISO_8859_1);
        }
        if (msg instanceof RequestRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return "rejected " + rejected.status().code();
        }
        if (msg instanceof ResponseRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return "rejected";
        }
        if (msg instanceof ByteBuf buf) {
            return "bytes:" + buf.toString(StandardCharsets.ISO_8859_1);
        }
        return msg.toString();
    }

    private static String headers(HttpHeaders headers) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> header : headers) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(header.getKey()).append('=').append(header.getValue());
        }
        return sb.append('}').toString();
    }
}
