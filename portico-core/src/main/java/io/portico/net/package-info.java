/**
 * Network address values shared by configuration and the data path, such as {@link io.portico.net.CidrSet}
 * for trusted proxies. Literal addresses only: nothing here ever resolves a name.
 */
package io.portico.net;
