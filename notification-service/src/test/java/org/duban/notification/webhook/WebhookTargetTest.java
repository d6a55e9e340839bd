package org.duban.notification.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The send-time target rules (issue 20) without the service: the JDK's own resolver, literal addresses and "localhost". */
class WebhookTargetTest {

    private static String refusal(String url, boolean requireHttps, boolean allowLoopback) {
        return assertThrows(WebhookTarget.Refused.class, () -> WebhookTarget.check(url, requireHttps, allowLoopback), url).getMessage();
    }

    @Test
    void productionRulesRefusePlainHttpCredentialsAndEveryNonPublicAddress() {
        assertTrue(refusal("http://1.1.1.1/hook", true, false).contains("must be https"));
        assertTrue(refusal("https://user:pw@1.1.1.1/hook", true, false).contains("user name or password"));
        assertTrue(refusal("ftp://1.1.1.1/hook", false, true).contains("http(s)"));
        assertTrue(refusal("https://127.0.0.1/hook", true, false).contains("loopback"));
        assertTrue(refusal("https://localhost:8443/hook", true, false).contains("loopback"), "a name is resolved, then checked");
        assertTrue(refusal("https://[::1]/hook", true, false).contains("loopback"));
        assertTrue(refusal("https://169.254.169.254/latest", true, false).contains("link-local"));
        assertTrue(refusal("https://[fe80::1]/hook", true, false).contains("link-local"));
        assertTrue(refusal("https://10.0.0.1/hook", true, false).contains("private"));
        assertTrue(refusal("https://172.31.255.1/hook", true, false).contains("private"));
        assertTrue(refusal("https://192.168.0.1/hook", true, false).contains("private"));
        assertTrue(refusal("https://100.127.0.1/hook", true, false).contains("private"), "CGNAT");
        assertTrue(refusal("https://[fc00::5]/hook", true, false).contains("private"));
        assertTrue(refusal("https://[64:ff9b::a00:1]/hook", true, false).contains("private"), "NAT64 of 10.0.0.1");
        assertTrue(refusal("https://[::10.0.0.1]/hook", true, false).contains("private"), "IPv4-compatible");
        assertTrue(refusal("https://0.0.0.0/hook", true, false).contains("unspecified"));
        assertTrue(refusal("https://[::]/hook", true, false).contains("unspecified"));
        assertTrue(refusal("https://239.1.1.1/hook", true, false).contains("multicast"));
        assertTrue(refusal("https://255.255.255.255/hook", true, false).contains("private"));
    }

    @Test
    void aPublicAddressPassesAndIsTheOneToConnectTo() throws Exception {
        WebhookTarget target = WebhookTarget.check("https://1.1.1.1/hook?x=1", true, false);
        assertEquals("1.1.1.1", target.address().getHostAddress());
        assertEquals(443, target.port());
        assertTrue(target.https());
        assertEquals(8443, WebhookTarget.check("https://[2606:4700:4700::1111]:8443/hook", true, false).port());
    }

    @Test
    void theDevAndTestSwitchAllowsLoopbackOnlyAndPlainHttp() throws Exception {
        assertEquals(8080, WebhookTarget.check("http://127.0.0.1:8080/hook", false, true).port());
        WebhookTarget.check("http://localhost:8080/hook", false, true);
        assertTrue(refusal("http://10.0.0.1/hook", false, true).contains("private"));
        assertTrue(refusal("http://0.0.0.0:8080/hook", false, true).contains("unspecified"));
        assertTrue(refusal("http://169.254.169.254/", false, true).contains("link-local"));
    }
}
