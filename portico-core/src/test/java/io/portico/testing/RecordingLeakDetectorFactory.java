package io.portico.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes every Netty leak detector created after {@link #install()} record the leaks it reports in one
 * JVM-wide list instead of only logging them. Netty creates most detectors once, in static initialisers
 * (ByteBuf's in AbstractByteBuf), so this must be installed before those classes initialise.
 */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    // Written by whichever thread polls a detector's reference queue (event loops included); read by tests.
    private static final List<LeakRecord> REPORTED = new ArrayList<>();
    private static final RecordingLeakDetectorFactory INSTANCE = new RecordingLeakDetectorFactory();
    private static boolean installed;

    private final Set<String> detectedTypes = ConcurrentHashMap.newKeySet();

    private RecordingLeakDetectorFactory() {}

    /** Installs the factory once per JVM; later calls do nothing. */
    static synchronized RecordingLeakDetectorFactory install() {
        if (!installed) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(INSTANCE);
            installed = true;
        }
        return INSTANCE;
    }

    /** Whether a detector for {@code resourceType} was created by this factory (not by Netty's default one). */
    boolean createdDetectorFor(Class<?> resourceType) {
        return detectedTypes.contains(resourceType.getName());
    }

    /** Returns the leaks reported since the last call and forgets them. */
    static List<LeakRecord> drain() {
        synchronized (REPORTED) {
            List<LeakRecord> leaks = List.copyOf(REPORTED);
            REPORTED.clear();
            return leaks;
        }
    }

    private static void record(LeakRecord leak) {
        synchronized (REPORTED) {
            REPORTED.add(leak);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        detectedTypes.add(resource.getName());
        return new RecordingDetector<>(resource, samplingInterval);
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        // Netty skips reporting (and drops the queued leaks) when its logger has ERROR disabled.
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record(new LeakRecord(resourceType, records));
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record(new LeakRecord(resourceType, ""));
        }
    }
}
