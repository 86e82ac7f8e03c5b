package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/** Runs a request decoder over raw input, whole and one byte at a time, resuming after each request. */
final class RequestDecoding {
    static final int MAX_LINE = 8192;
    static final int MAX_HEAD = 16384;
    static final long MAX_BODY = 1 << 20;

    private RequestDecoding() {}

    /** Merged events of decoding {@code raw}; asserts that feeding it one byte at a time gives the same. */
    static List<String> decode(String raw) {
        return decode(raw, MAX_LINE, MAX_HEAD, MAX_BODY);
    }

    static List<String> decode(String raw, int maxLine, int maxHead, long maxBody) {
        List<String> whole = feed(new StrictHttpRequestDecoder(maxLine, maxHead, maxBody), false, raw);
        List<String> bytewise = feed(new StrictHttpRequestDecoder(maxLine, maxHead, maxBody), true, raw);
        assertThat(bytewise).as("same events when fed one byte at a time").isEqualTo(whole);
        return whole;
    }

    static List<String> feed(StrictHttpRequestDecoder decoder, boolean bytewise, String raw) {
        Feed feed = new Feed(new EmbeddedChannel(decoder));
        feed.afterDrain(() -> {
            while (decoder.isPaused()) {
                decoder.resume();
                feed.drain();
            }
        });
        if (bytewise) {
            feed.writeBytewise(raw);
        } else {
            feed.write(raw);
        }
        return feed.finish().mergedEvents();
    }

    /** Asserts that {@code raw} yields exactly one rejection with {@code status} and nothing else. */
    static void assertRejected(String raw, int status) {
        assertThat(decode(raw)).containsExactly("rejected " + status);
    }
}
