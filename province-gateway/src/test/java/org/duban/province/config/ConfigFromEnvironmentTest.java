package org.duban.province.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Production configures the gateway from the environment only: the registered apps' map included. Plain JUnit. */
class ConfigFromEnvironmentTest {

    @Test
    void registeredAppsAndTheCountysKeyComeFromEnvironmentVariables() {
        Map<String, String> env = Map.of(
                "DUBAN_PROVINCE_APPS_PROVINCE_APP_KEY", "hn-province.v2",
                "DUBAN_PROVINCE_APPS_PROVINCE_METHOD", "SM3withSM2",
                "DUBAN_PROVINCE_APPS_PROVINCE_PUBLIC_KEY", "MFkw",
                "DUBAN_PROVINCE_APPS_PROVINCE_ORG", "11430000MB1D00000X",
                "DUBAN_PROVINCE_COUNTY_APP_KEY", "zhongfang",
                "DUBAN_PROVINCE_COUNTY_SECRET", "s3cret",
                "DUBAN_PROVINCE_OUTBOUND_URL", "https://province.example/api/county/messages",
                "DUBAN_PROVINCE_DISPATCH_BACKOFF", "PT2M,PT10M");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)).withMapping(GatewayConfig.class)
                .build();
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        assertEquals(java.util.Set.of("province"), gateway.apps().keySet());
        assertEquals(1, gateway.apps().size());
        GatewayConfig.App app = gateway.apps().values().iterator().next();
        assertEquals("hn-province.v2", app.appKey().orElseThrow(), "any app key, whatever env names allow");
        assertEquals("SM3withSM2", app.method());
        assertEquals("11430000MB1D00000X", app.org().orElseThrow());
        assertEquals("MFkw", app.publicKey().orElseThrow());
        assertEquals("zhongfang", gateway.county().appKey().orElseThrow());
        assertEquals("https://province.example/api/county/messages", gateway.outboundUrl().orElseThrow());
        assertEquals(2, gateway.dispatch().backoff().size());
    }
}
