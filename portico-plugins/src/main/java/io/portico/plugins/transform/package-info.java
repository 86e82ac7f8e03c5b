/**
 * What request-transformer and response-transformer share: Kong's {@code name:value} lists read from
 * configuration, value templates, and the header operations in Kong's order.
 */
package io.portico.plugins.transform;
