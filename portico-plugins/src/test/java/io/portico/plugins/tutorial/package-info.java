/**
 * The plugin written step by step in {@code docs/plugins.md}: {@code maintenance-window} answers 503 with
 * {@code Retry-After} during a configured time of day. It lives with the tests so that the tutorial's code
 * always compiles and its tests always run, without shipping it as a built-in plugin.
 */
package io.portico.plugins.tutorial;
