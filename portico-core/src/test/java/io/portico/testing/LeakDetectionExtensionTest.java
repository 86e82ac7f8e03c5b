package io.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class LeakDetectionExtensionTest {

    @Test
    void failsTestClassThatLeaksAByteBuf() {
        EngineExecutionResults results = run(LeakingSpecimen.class, false);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        results.containerEvents()
                .assertThatEvents()
                .haveExactly(1, event(container(LeakingSpecimen.class),
                        finishedWithFailure(message(m -> m.contains("LEAK: ByteBuf.release() was not called")
                                && m.contains("LeakingSpecimen.dropsABufferWithoutReleasingIt")))));
    }

    @Test
    void failsTheLeakingTestItselfWhenAskedToCheckEachTest() {
        EngineExecutionResults results = run(LeakingPerTestSpecimen.class, true);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(1, event(test("dropsADirectBufferWithoutReleasingIt"),
                        finishedWithFailure(message(m -> m.contains("LEAK: ByteBuf")))))
                .haveExactly(1, event(test("releasesItsBuffer"), finishedSuccessfully()));
    }

    @Test
    void passesTestClassThatReleasesItsBuffers() {
        EngineExecutionResults results = run(ReleasingSpecimen.class, true);

        results.allEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void installedTheRecordingFactoryBeforeNettyCreatedItsByteBufDetector() {
        assertThat(RecordingLeakDetectorFactory.install().createdDetectorFor(ByteBuf.class)).isTrue();
    }

    // Runs the specimen the way the build does: the extension comes from autodetection, not @ExtendWith.
    private static EngineExecutionResults run(Class<?> specimen, boolean gcAfterEachTest) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakDetectionExtension.GC_AFTER_EACH_TEST, Boolean.toString(gcAfterEachTest))
                .selectors(selectClass(specimen))
                .execute();
    }

    /*
     * The specimens below leak on purpose. Surefire and failsafe exclude nested classes (**\/*$*) and their
     * names match no test pattern, so they run only inside the tests above. Each leaks from its own method:
     * Netty reports a given set of access records once per JVM.
     */

    static final class LeakingSpecimen {

        @Test
        void dropsABufferWithoutReleasingIt() {
            ByteBuf leaked = Unpooled.directBuffer(32);
            leaked.writeCharSequence("never released", StandardCharsets.US_ASCII);
            assertThat(leaked.readableBytes()).isEqualTo(14);
        }
    }

    static final class LeakingPerTestSpecimen {

        @Test
        void dropsADirectBufferWithoutReleasingIt() {
            ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
            leaked.writeLong(42L);
            assertThat(leaked.readLong()).isEqualTo(42L);
        }

        @Test
        void releasesItsBuffer() {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
            buffer.writeLong(7L);
            assertThat(buffer.release()).isTrue();
        }
    }

    static final class ReleasingSpecimen {

        @Test
        void releasesEveryBuffer() {
            ByteBuf buffer = Unpooled.buffer(32);
            buffer.writeInt(1);
            ByteBuf slice = buffer.retainedSlice();
            slice.release();
            assertThat(buffer.release()).isTrue();
        }
    }
}
