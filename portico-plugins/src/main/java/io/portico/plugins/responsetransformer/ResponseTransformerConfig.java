package io.portico.plugins.responsetransformer;

import io.portico.plugins.transform.JsonOperations;
import io.portico.plugins.transform.Operations;

/**
 * The {@code response-transformer} plugin's configuration, from Kong's keys.
 *
 * @param maxBodyBytes the largest JSON body transformed; a larger proxied response is answered with 502
 */
record ResponseTransformerConfig(Operations headers, JsonOperations json, int maxBodyBytes) {}
