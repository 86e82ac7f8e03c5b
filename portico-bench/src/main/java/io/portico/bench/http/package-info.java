/** JMH benchmarks of Portico's strict HTTP/1.1 parsing and path normalization. */
package io.portico.bench.http;
