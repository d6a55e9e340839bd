package org.duban.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: a free one for tests, and a clear failure when a fixed one is taken. */
public final class Ports {
    private Ports() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new InfraException("no free loopback port: " + e.getMessage(), e);
        }
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
