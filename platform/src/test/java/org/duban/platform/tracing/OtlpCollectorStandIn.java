package org.duban.platform.tracing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A TCP listener where the OTLP exporter would send spans by default (127.0.0.1:4317): it counts the connections made to
 * it. Not a collector — the test only needs to see whether anyone tries.
 */
public class OtlpCollectorStandIn implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CONNECTIONS = new AtomicInteger();
    private ServerSocket server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(4317, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("port 4317 is taken: cannot watch for OTLP exports", e);
        }
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    CONNECTIONS.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "otlp-stand-in");
        accept.setDaemon(true);
        accept.start();
        return Map.of();
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
