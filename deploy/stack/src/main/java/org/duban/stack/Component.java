package org.duban.stack;

/** Something the stack started as a child process and waits for. */
interface Component {

    String name();

    /** One readiness probe; false while it is still starting. */
    boolean probeReady();

    /** Throws, with the end of its log, when the process has exited. */
    void requireAlive();
}
