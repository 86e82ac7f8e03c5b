/**
 * What Portico records about traffic: the access log (one JSON line per request, written by a
 * background thread so that logging never blocks an event loop).
 */
package io.portico.observability;
