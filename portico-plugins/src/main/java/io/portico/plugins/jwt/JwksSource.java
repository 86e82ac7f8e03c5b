package io.portico.plugins.jwt;

import io.portico.plugin.BoundedBodies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's key set, fetched with the asynchronous HTTP client and kept in memory.
 *
 * <ul>
 *   <li>At most one fetch is in flight; everyone who needs keys meanwhile waits for that one.</li>
 *   <li>Fetches start at least {@code refreshInterval} apart, whatever asks for them (an unknown
 *       {@code kid} from a client cannot make Portico hammer the provider).</li>
 *   <li>A set older than {@code cacheTtl} is refreshed in the background while it keeps serving.</li>
 *   <li>A failed fetch keeps the keys already known: they are served stale while the provider is down.</li>
 * </ul>
 *
 * <p>Shared by every plugin instance (and configuration) that names the same URI and intervals.
 * Thread-safe: the key set is an immutable snapshot in a volatile field; fetch bookkeeping is guarded
 * by this object's monitor and never waits on I/O.
 */
final class JwksSource {

    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private static final Logger log = LoggerFactory.getLogger(JwksSource.class);

    private final URI uri;
    private final String name;
    private final Duration refreshInterval;
    private final Duration cacheTtl;
    private final HttpClient client;
    private final Clock clock;
    private volatile JwksKeys keys = JwksKeys.NONE;
    private CompletableFuture<Void> inFlight;
    private Instant lastAttempt;

    JwksSource(URI uri, Duration refreshInterval, Duration cacheTtl, HttpClient client, Clock clock) {
        this.uri = uri;
        this.name = printable(uri);
        this.refreshInterval = refreshInterval;
        this.cacheTtl = cacheTtl;
        this.client = client;
        this.clock = clock;
    }

    JwksKeys keys() {
        return keys;
    }

    /**
     * The fetch to wait for: the one in flight, or a new one if the last started at least
     * {@code refreshInterval} ago; null when a fetch may not start yet. The returned future never
     * fails: a failed fetch is logged and leaves the keys as they were.
     */
    synchronized CompletableFuture<Void> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(refreshInterval))) {
            return null;
        }
        lastAttempt = now;
        CompletableFuture<Void> fetch = fetch();
        inFlight = fetch;
        fetch.whenComplete((ignored, error) -> finished(fetch));
        return fetch;
    }

    /** Starts a background refresh when the set is older than {@code cacheTtl}; never waits. */
    void refreshIfStale() {
        JwksKeys current = keys;
        if (current.loaded() && clock.instant().isAfter(current.fetchedAt().plus(cacheTtl))) {
            refresh();
        }
    }

    private synchronized void finished(CompletableFuture<Void> fetch) {
        if (inFlight == fetch) {
            inFlight = null;
        }
    }

    private CompletableFuture<Void> fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = client.sendAsync(request, BoundedBodies.upTo(MAX_DOCUMENT_BYTES));
        } catch (RuntimeException e) {
            log.warn("jwks {}: fetch not started: {}", name, e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(null);
        }
        // The copy times out the whole exchange (the request timeout covers only the response head).
        return call.copy().orTimeout(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            if (error != null) {
                call.cancel(true);
                log.warn("jwks {}: fetch failed ({}); keeping the {} keys already known", name, reason(error),
                        keys.size());
            } else if (response.statusCode() != 200) {
                log.warn("jwks {}: fetch answered {}; keeping the {} keys already known", name,
                        response.statusCode(), keys.size());
            } else {
                store(new String(response.body(), StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    private void store(String document) {
        try {
            JwksKeys fetched = JwksKeys.parse(document, clock.instant(), name);
            keys = fetched;
            log.debug("jwks {}: {} keys", name, fetched.size());
        } catch (ParseException | RuntimeException e) {
            log.warn("jwks {}: not a JWKS document; keeping the {} keys already known", name, keys.size());
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error.getCause() != null && error instanceof CompletionException
                ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }

    /** The URI for logs: scheme, host, port and path; no query, which might carry a secret. */
    private static String printable(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
