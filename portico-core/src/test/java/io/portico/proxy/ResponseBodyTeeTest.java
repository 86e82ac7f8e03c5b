package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.portico.plugin.BodyObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseBodyTeeTest {

    private final List<String> heard = new ArrayList<>();

    @Test
    void copiesWithoutConsumingOrReleasingTheChunks() {
        ResponseBodyTee tee = new ResponseBodyTee();
        tee.add(100, observer("a"));
        ByteBuf chunk = Unpooled.copiedBuffer("hello ", StandardCharsets.UTF_8);

        tee.copy(chunk);
        tee.copy("world".getBytes(StandardCharsets.UTF_8));
        tee.complete();

        assertThat(chunk.readableBytes()).isEqualTo(6);
        assertThat(chunk.refCnt()).isEqualTo(1);
        assertThat(heard).containsExactly("a:hello world");
        chunk.release();
    }

    @Test
    void abandonsOnlyTheObserversWhoseBoundIsPassed() {
        ResponseBodyTee tee = new ResponseBodyTee();
        tee.add(4, observer("small"));
        tee.add(10, observer("large"));

        tee.copy("abc".getBytes(StandardCharsets.UTF_8));
        tee.copy("de".getBytes(StandardCharsets.UTF_8));
        tee.complete();

        assertThat(heard).containsExactly("small:abandoned", "large:abcde");
    }

    @Test
    void aBodyOfExactlyTheBoundIsKept() {
        ResponseBodyTee tee = new ResponseBodyTee();
        tee.add(3, observer("a"));

        tee.copy("abc".getBytes(StandardCharsets.UTF_8));
        tee.complete();

        assertThat(heard).containsExactly("a:abc");
    }

    @Test
    void eachObserverHearsOnce() {
        ResponseBodyTee tee = new ResponseBodyTee();
        tee.add(10, observer("a"));

        tee.abandon();
        tee.complete();
        tee.abandon();

        assertThat(heard).containsExactly("a:abandoned");
    }

    @Test
    void eachObserverGetsItsOwnCopy() {
        ResponseBodyTee tee = new ResponseBodyTee();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tee.add(10, new BodyObserver() {
                @Override
                public void complete(byte[] body) {
                    bodies.add(body);
                }

                @Override
                public void abandoned() {}
            });
        }

        tee.copy("xy".getBytes(StandardCharsets.UTF_8));
        tee.complete();
        bodies.get(0)[0] = 'Q';

        assertThat(new String(bodies.get(1), StandardCharsets.UTF_8)).isEqualTo("xy");
    }

    private BodyObserver observer(String name) {
        return new BodyObserver() {
            @Override
            public void complete(byte[] body) {
                heard.add(name + ":" + new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public void abandoned() {
                heard.add(name + ":abandoned");
            }
        };
    }
}
