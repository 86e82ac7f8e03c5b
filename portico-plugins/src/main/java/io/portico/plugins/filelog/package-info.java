/**
 * {@code file-log}: one JSON line per request (Kong's log serializer shape, credentials masked) appended
 * to a file by a background writer. Event loops only offer entries to a bounded queue; a full queue
 * drops and counts them. Writers are kept by the plugin type per file, across configuration reloads,
 * so that every place writing one file shares one writer; they rotate the file by size and time and
 * can reopen it per batch for logrotate.
 */
package io.portico.plugins.filelog;
