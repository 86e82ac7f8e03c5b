/**
 * {@code proxy-cache}: a response cache in front of the upstream. The access phase serves fresh copies
 * ({@code X-Cache-Status: Hit}) and collapses concurrent misses of one key into one upstream request;
 * the response-head phase decides by RFC 9111 whether a proxied response may be stored and observes its
 * body as it streams ({@link io.portico.plugin.ResponseHead#observeBody}); {@code recover} serves a stale
 * copy under {@code stale-if-error}. Entries live in a store that outlives reloads: memory (Caffeine,
 * bounded by bytes, owned by the plugin type; answers at once) or Redis (shared by every node; the
 * access phase waits for it with {@link io.portico.plugin.Action#await}, never longer than its timeout,
 * and a lookup that fails is a miss). Request collapsing is per node with either.
 *
 * <p>Consumers never share entries: a consumer's key includes its name, and a request that carries
 * {@code Authorization} without any plugin having identified a consumer is not cached at all.
 */
package io.portico.plugins.proxycache;
