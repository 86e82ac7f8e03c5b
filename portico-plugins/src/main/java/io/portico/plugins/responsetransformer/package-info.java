/**
 * The {@code response-transformer} plugin: Kong's add / remove / rename / replace / append of response
 * headers and of fields of JSON response bodies (dotted paths into nested objects).
 */
package io.portico.plugins.responsetransformer;
