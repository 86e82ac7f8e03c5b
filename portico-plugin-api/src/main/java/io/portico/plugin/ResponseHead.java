package io.portico.plugin;

/** The status and headers of the response about to go to the client. */
public interface ResponseHead {

    int status();

    Headers headers();

    /** True when Portico produced the response (an error, a plugin's answer, a static route). */
    boolean local();
}
