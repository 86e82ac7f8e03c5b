package io.portico.plugins.requesttransformer;

import io.portico.plugins.transform.JsonOperations;
import io.portico.plugins.transform.Operations;
import io.portico.plugins.transform.Template;

/**
 * The {@code request-transformer} plugin's configuration, read from Kong's keys.
 *
 * @param httpMethod the method sent upstream, or null to keep the client's
 * @param uri        the path sent upstream after the service's path, or null to keep the client's
 * @param body         operations on JSON or form bodies (literal values, typed by json_types)
 * @param maxBodyBytes the largest body the body operations buffer; a larger one is answered with 413
 */
record RequestTransformerConfig(String httpMethod, Template uri, Operations headers, Operations querystring,
                                JsonOperations body, int maxBodyBytes) {}
