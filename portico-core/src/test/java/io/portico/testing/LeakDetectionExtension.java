package io.portico.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Fails a test class (or test) during which Netty reported a buffer leak.
 *
 * <p>Registered for every test by autodetection ({@code META-INF/services} plus
 * {@code junit.jupiter.extensions.autodetection.enabled=true}); JUnit instantiates autodetected
 * extensions before any test class initialises, which is early enough to install the recording
 * detector factory before Netty creates its ByteBuf leak detector.
 *
 * <p>After each test it fails on leaks already reported. After each class it provokes detection (full
 * GCs, then allocations that make Netty poll its reference queue) and fails on what that finds. Set the
 * configuration parameter {@value #GC_AFTER_EACH_TEST} to {@code true} to provoke after every test too
 * (slower, but pins a leak to the test that caused it).
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** Configuration parameter: provoke leak detection after every test, not only after every class. */
    public static final String GC_AFTER_EACH_TEST = "portico.leak-detection.gc-after-each-test";

    private static final int PROVOKE_ROUNDS = 3;
    private static final long SENTINEL_WAIT_MILLIS = 2_000;

    private static final RecordingLeakDetectorFactory FACTORY;
    private static volatile boolean verified;

    static {
        FACTORY = RecordingLeakDetectorFactory.install();
        // Runs from an IDE may lack the build's argLine; detection must still work there.
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (verified) {
            return;
        }
        // Initialises AbstractByteBuf (and so its detector) if nothing has yet.
        Unpooled.buffer(1).release();
        if (!FACTORY.createdDetectorFor(ByteBuf.class)) {
            throw new IllegalStateException("Netty's ByteBuf leak detector was created before "
                    + "LeakDetectionExtension installed its factory (expected: no ByteBuf used before the first test "
                    + "class starts), so leaks would go unnoticed");
        }
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            throw new IllegalStateException(
                    "io.netty.leakDetection.level: disabled (expected: paranoid, as in the build's test.argLine)");
        }
        verified = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getConfigurationParameter(GC_AFTER_EACH_TEST).map(Boolean::parseBoolean).orElse(false)) {
            provokeDetection();
        }
        failOnLeaks(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        provokeDetection();
        failOnLeaks(context);
    }

    private static void failOnLeaks(ExtensionContext context) {
        List<LeakRecord> leaks = RecordingLeakDetectorFactory.drain();
        if (leaks.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append(leaks.size())
                .append(leaks.size() == 1 ? " Netty leak" : " Netty leaks")
                .append(" reported by the end of ")
                .append(context.getUniqueId())
                .append(" (the records show where the object was created and last touched; it may come from an")
                .append(" earlier test in this JVM):");
        for (LeakRecord leak : leaks) {
            message.append("\n\n").append(leak.describe());
        }
        throw new AssertionFailedError(message.toString());
    }

    /**
     * Makes unreleased, unreachable buffers show up: a full GC clears their weak references, and Netty only
     * looks at its reference queue when it tracks a new object, so allocate from each allocator afterwards.
     */
    static void provokeDetection() {
        for (int round = 0; round < PROVOKE_ROUNDS; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
            System.gc();
            try {
                // The Reference Handler enqueues what one GC cleared in one pass, Netty's references included.
                queue.remove(SENTINEL_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                Reference.reachabilityFence(sentinel);
            }
            allocateAndRelease(ByteBufAllocator.DEFAULT);
            allocateAndRelease(PooledByteBufAllocator.DEFAULT);
            allocateAndRelease(UnpooledByteBufAllocator.DEFAULT);
        }
    }

    private static void allocateAndRelease(ByteBufAllocator allocator) {
        allocator.heapBuffer(8).release();
        allocator.directBuffer(8).release();
    }
}
