package dev.jgu.spi;

/** The arbiter, as arbiter-side {@link ServerHooks} see it. */
public interface Server {

    /** @return the arbiter's pid */
    long pid();

    /** @return the resolved settings of the current generation */
    Settings settings();

    /** @return the target number of workers */
    int workers();

    /** @return the error log */
    Log log();
}
