package io.portico.plugins.basicauth;

/**
 * The {@code basic-auth} config.
 *
 * @param anonymous the consumer to fall back to when no valid credentials are sent, or null
 * @param realm     named in the {@code WWW-Authenticate: Basic realm="..."} challenge
 */
record BasicAuthConfig(String anonymous, boolean hideCredentials, String realm) {}
