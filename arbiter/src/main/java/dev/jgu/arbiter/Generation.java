package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;

/**
 * The workers started from one configuration: the first at start, one more per
 * HUP. Numbers only grow, so a worker's generation says which settings file it
 * read.
 */
record Generation(int number, Config config) {

    @Override
    public String toString() {
        return "generation=" + number;
    }
}
