package dev.productingest.server.jobs;

/** An open watch of the {@link CommitChannel}: closing it stops the calls to its listener. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
