/**
 * The {@code quota} plugin: allowances per consumer per calendar day or month (UTC), counted locally
 * or in Redis, checked before proxying and reported in headers and by the admin API.
 */
package io.portico.plugins.quota;
