/**
 * The {@code cors} plugin: answers CORS preflight requests itself (or lets the upstream answer them)
 * and adds the CORS headers to every response, Portico's own errors included, so that a browser can
 * read them.
 */
package io.portico.plugins.cors;
