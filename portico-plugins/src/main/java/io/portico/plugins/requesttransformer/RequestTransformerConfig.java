package io.portico.plugins.requesttransformer;

import io.portico.plugins.transform.Operations;
import io.portico.plugins.transform.Template;

/**
 * The {@code request-transformer} plugin's configuration, read from Kong's keys.
 *
 * @param httpMethod the method sent upstream, or null to keep the client's
 * @param uri        the path sent upstream after the service's path, or null to keep the client's
 */
record RequestTransformerConfig(String httpMethod, Template uri, Operations headers, Operations querystring) {}
