/**
 * {@code key-auth}: identifies the consumer by an API key sent in a header or a query parameter
 * (Kong's key-auth). Keys are written under {@code consumers[].credentials.key-auth} and found by
 * their SHA-256, so a lookup's timing says nothing about the stored keys.
 */
package io.portico.plugins.keyauth;
