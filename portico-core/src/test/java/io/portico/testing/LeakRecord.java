package io.portico.testing;

/** One leak that a Netty leak detector reported: the resource type and its access records (may be empty). */
record LeakRecord(String resourceType, String records) {

    /** Netty's own wording, so that a search for "LEAK" in a build log finds it. */
    String describe() {
        String head = "LEAK: " + resourceType + ".release() was not called before it was garbage-collected.";
        return records.isEmpty()
                ? head + " (no access records; run with -Dio.netty.leakDetection.level=paranoid)"
                : head + records;
    }
}
