package io.portico.plugin;

/**
 * One try to reach the upstream, just before its request is sent. A request retried on another
 * target has several; see {@link Plugin#upstreamAttempt}.
 */
public interface UpstreamAttempt {

    /** 1 for the first try, then 2, 3... */
    int number();

    /** The target this try goes to ({@code host:port}). */
    String target();

    /**
     * The path sent upstream, without the query: the service's path and the client's, after
     * {@code strip_path} and plugins' rewrites.
     */
    String path();

    /**
     * The headers of the request as it goes to this target. A value set here stays for later tries
     * unless a later call sets it again.
     */
    Headers requestHeaders();
}
