/**
 * The {@code request-transformer} plugin: Kong's add / remove / rename / replace / append of request
 * headers and query parameters, a path rewrite template with the route's path variables, and a
 * method change, applied just before the request goes upstream.
 */
package io.portico.plugins.requesttransformer;
