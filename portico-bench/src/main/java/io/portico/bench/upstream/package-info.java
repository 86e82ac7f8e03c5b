/** JMH benchmarks of upstream target selection and the retry budget. */
package io.portico.bench.upstream;
