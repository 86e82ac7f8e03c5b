/** What the plugins that refuse requests for being too many (rate-limiting, quota, throttling) share. */
package io.portico.plugins.limiting;
