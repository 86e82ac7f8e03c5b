package io.portico.plugin;

/**
 * How one try to reach the upstream ended, for the log phase ({@link Completed#attempts}).
 *
 * @param number           1 for the first try, then 2, 3...
 * @param target           the target tried ({@code host:port})
 * @param startOffsetNanos when the try started, counted from the moment the request head arrived
 * @param durationNanos    from the start of the try to the end of its response (or its failure)
 * @param status           the upstream's status, or 0 when it never answered
 * @param failure          why the try failed without an answer: {@code connect-failure}, {@code
 *                         connect-timeout}, {@code timeout}, {@code reset}, {@code bad-response},
 *                         {@code cancelled}; null when it answered
 */
public record AttemptResult(int number, String target, long startOffsetNanos, long durationNanos, int status,
                            String failure) {}
