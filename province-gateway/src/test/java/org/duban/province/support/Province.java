package org.duban.province.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Settings;
import org.duban.testing.TestClock;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The provincial platform for the tests: deploy/province-sim started in this JVM, a real HTTP server with its own
 * (demo) credentials that signs what it sends and verifies what the gateway sends. Both sides read the same
 * {@link #CLOCK}: the tests install it as the gateway's Clock and move it. The gateway's test port is chosen here so
 * the stand-in knows where to push, and the gateway is told the stand-in's inbound URL.
 */
public class Province implements QuarkusTestResourceLifecycleManager {

    /** Business time for both sides; starts now (so the gateway's own clock between tests is not far off). */
    public static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static ProvinceSim sim;
    private static int gatewayPort;

    public static synchronized ProvinceSim sim() {
        return sim;
    }

    /** The gateway's base URL, for a second stand-in (another app key) in a test. */
    public static synchronized String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (sim == null) {
            gatewayPort = freePort();
            sim = ProvinceSim.start(Settings.builder().gatewayUrl("http://127.0.0.1:" + gatewayPort).clock(CLOCK)
                    .sendTimeout(Duration.ofSeconds(20)).hangLimit(Duration.ofSeconds(10)).build());
        }
        return Map.of("quarkus.http.test-port", Integer.toString(gatewayPort),
                "duban.province.outbound-url", sim.inboundUrl().toString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stand-in lives for the whole JVM, like the other servers (later test classes reuse it). */
    @Override
    public void stop() {
    }
}
