package org.duban.platform.http;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;

/** Requests that stay in flight until the test opens a gate, for {@link LoadSheddingTest}. */
@Path("/probe/slow")
@PermitAll
public class SlowProbeResource {

    static volatile CountDownLatch gate = new CountDownLatch(0);
    /** Requests a worker has run (or an event-loop endpoint has begun). */
    static final AtomicInteger started = new AtomicInteger();
    /** Threads of the test's own that hold the non-blocking requests (not Quarkus' worker pool). */
    private static final ExecutorService HOLDERS = Executors.newCachedThreadPool();

    /** Blocking: holds a worker thread until the gate opens. */
    @GET
    @Path("/worker")
    public String worker() throws InterruptedException {
        started.incrementAndGet();
        gate.await(60, TimeUnit.SECONDS);
        return "done";
    }

    /** Non-blocking: in flight without a worker until the gate opens. */
    @GET
    @Path("/async")
    public Uni<String> async() {
        started.incrementAndGet();
        CountDownLatch g = gate;
        return Uni.createFrom().item(() -> {
            try {
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }).runSubscriptionOn(HOLDERS);
    }

    @GET
    @Path("/fast")
    public String fast() {
        return "fast";
    }
}
