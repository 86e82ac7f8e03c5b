/**
 * The {@code bot-detection} plugin: refuses requests whose {@code User-Agent} matches configured deny
 * patterns or a built-in list of scanners and attack tools, unless an allow pattern matches first.
 */
package io.portico.plugins.botdetection;
