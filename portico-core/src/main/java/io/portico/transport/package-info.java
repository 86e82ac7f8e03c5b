/**
 * The I/O transport: native epoll when the platform has it, NIO otherwise. Everything that opens a
 * socket (server, proxy, health checks) takes its event loops and channel classes from here.
 */
package io.portico.transport;
