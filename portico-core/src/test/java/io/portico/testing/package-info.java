/**
 * Test fixtures shared by every module's tests (portico-app gets them through portico-core's test-jar):
 * {@link io.portico.testing.LeakDetectionExtension} fails tests during which Netty reported a leak,
 * {@link io.portico.testing.TestOrigin} is a programmable, misbehaving HTTP/1.1 upstream,
 * {@link io.portico.testing.RawHttpClient} sends and reads exact bytes, {@link io.portico.testing.PrometheusScrape}
 * parses a {@code GET /metrics} scrape, and {@link io.portico.testing.StallPluginType} makes an event loop stuck.
 */
package io.portico.testing;
