package org.duban.unit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.duban.platform.problem.Problem;
import org.junit.jupiter.api.Test;

/** The webhook target rules without a server: scheme, user information, and every address class refused. */
class WebhookTargetsTest {

    /** A name server that answers one name with a private address (a name may point anywhere). */
    private static InetAddress[] rebinding(String host) throws UnknownHostException {
        if (host.equals("hooks.county.example")) {
            return new InetAddress[] { InetAddress.getByName("203.0.113.20"), InetAddress.getByName("10.0.0.7") };
        }
        return InetAddress.getAllByName(host);
    }

    private static Problem refused(String url, boolean requireHttps) {
        Problem p = assertThrows(Problem.class, () -> WebhookTargets.check(url, requireHttps, WebhookTargetsTest::rebinding), url);
        assertEquals(400, p.status(), url);
        assertTrue(p.body(null).get("errors").toString().contains("field=webhookUrl"), url);
        return p;
    }

    @Test
    void httpsIsRequiredWhereTheSwitchIsOn() {
        refused("http://203.0.113.7/hook", true);
        assertEquals("http://203.0.113.7/hook", WebhookTargets.check("http://203.0.113.7/hook", false, InetAddress::getAllByName));
        assertEquals("https://203.0.113.7/hook", WebhookTargets.check(" https://203.0.113.7/hook ", true, InetAddress::getAllByName));
        refused("ftp://203.0.113.7/hook", false);
        refused("file:///etc/passwd", false);
        refused("https:///nohost", true);
        refused("https://user:secret@203.0.113.7/hook", true);
        assertNull(WebhookTargets.check("  ", true, InetAddress::getAllByName));
    }

    @Test
    void everyInsideAddressIsRefusedAlsoBehindANameOrInsideIpv6() {
        for (String url : List.of(WebhookTargetTest.INSIDE.toArray(String[]::new))) {
            refused(url, true);
        }
        for (String url : List.of("https://[::127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://100.64.1.1/",
                "https://255.255.255.255/", "https://0.1.2.3/", "https://[fec0::1]/", "https://hooks.county.example/")) {
            refused(url, true);
        }
        assertTrue(refused("https://hooks.county.example/", true).getMessage().contains("10.0.0.7"));
        assertEquals("https://[2001:db8::1]:8443/x", WebhookTargets.check("https://[2001:db8::1]:8443/x", true, InetAddress::getAllByName));
    }
}
