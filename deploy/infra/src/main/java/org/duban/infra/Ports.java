package org.duban.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback ports: a free one for tests, and a clear failure when a fixed one is taken. */
public final class Ports {
    private Ports() {
    }

    /**
     * Ports this JVM handed out already. The kernel may offer a just-closed ephemeral port again (seen: Kafka's broker
     * and controller listeners given one port, so the broker refused to start), so a port is never handed out twice.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A loopback port nothing listens on now and that this JVM has not handed out before. */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new InfraException("no free loopback port: " + e.getMessage(), e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new InfraException("no free loopback port: the kernel kept offering ports already handed out");
    }

    public static void requireFree(int port, String forWhat) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new InfraException(forWhat + " cannot listen on 127.0.0.1:" + port
                    + ": the port is taken (" + e.getMessage() + "). Stop what uses it or choose another port.");
        }
    }
}
