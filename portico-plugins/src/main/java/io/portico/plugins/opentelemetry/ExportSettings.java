package io.portico.plugins.opentelemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how spans are exported; the key under which exporters outlive configuration reloads
 * (equal settings share one exporter, its queue and its worker).
 *
 * @param endpoint           the OTLP/HTTP traces URL spans are POSTed to
 * @param headers            extra request headers (credentials, often): never logged, hidden in {@link #toString}
 * @param resourceAttributes the resource's attributes, {@code service.name} included
 * @param batchSpanCount     the most spans in one request
 * @param batchFlushDelay    the longest a span waits for its batch to fill
 * @param maxQueuedSpans     spans waiting beyond this are dropped
 * @param timeout            the longest one request may take
 */
record ExportSettings(URI endpoint, Map<String, String> headers, List<SpanAttribute> resourceAttributes,
                      int batchSpanCount, Duration batchFlushDelay, int maxQueuedSpans, Duration timeout) {

    ExportSettings {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        resourceAttributes = List.copyOf(resourceAttributes);
    }

    @Override
    public String toString() {
        return "ExportSettings[endpoint=" + endpoint + ", headers=" + headers.keySet() + " (values hidden)"
                + ", resourceAttributes=" + resourceAttributes + ", batchSpanCount=" + batchSpanCount
                + ", batchFlushDelay=" + batchFlushDelay + ", maxQueuedSpans=" + maxQueuedSpans
                + ", timeout=" + timeout + "]";
    }
}
