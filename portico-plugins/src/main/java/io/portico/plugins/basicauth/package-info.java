/**
 * {@code basic-auth}: identifies the consumer by an RFC 7617 {@code Authorization: Basic} header.
 * Passwords are kept only as PBKDF2-HMAC-SHA256 hashes; checking one is slow by design, so it runs on
 * the plugin context's blocking executor and successful checks are remembered for a few minutes.
 */
package io.portico.plugins.basicauth;
