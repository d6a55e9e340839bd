package org.duban.provincesim;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the province stand-in as a process: {@code java -jar duban-province-sim-….jar [--name=value …]}. Every setting
 * comes from an argument {@code --port=8190} or the environment variable {@code PROVINCE_SIM_PORT} (the argument wins);
 * see README.md for the list. The credential defaults are DEMO VALUES for a laptop, never for a real deployment.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: java -jar duban-province-sim.jar [--port=8190] [--gateway-url=http://localhost:8085] "
                        + "[--app-key=…] [--secret=…] [--sm2-private-key=…] [--sign-method=HMAC-SM3|SM3withSM2] "
                        + "[--county-app-key=…] [--county-secret=…] [--county-sm2-public-key=…] [--province-org=…] "
                        + "[--county-org=…] [--bind=127.0.0.1] [--strict-flow=false]  (or PROVINCE_SIM_<NAME> variables)");
                return;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not " + arg);
            }
            opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Settings settings = settings(opts, System.getenv());
        ProvinceSim sim = ProvinceSim.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "province-sim-stop"));
        boolean demo = Settings.DEMO_PROVINCE_SECRET.equals(settings.provinceSecret())
                || Settings.DEMO_COUNTY_SECRET.equals(settings.countySecret());
        System.out.println("province-sim listening on " + sim.baseUrl() + " (county pushes to " + sim.inboundUrl()
                + "); sending to " + settings.peerUrl() + "/api/province/messages as " + settings.provinceAppKey()
                + " with " + settings.signMethod().header() + (demo ? "; USING DEMO CREDENTIALS" : ""));
        System.out.println("control: curl -XPOST " + sim.baseUrl() + "/sim/issue-seed ; curl " + sim.baseUrl() + "/sim/received");
        Thread.currentThread().join(); // until the process is stopped
    }

    static Settings settings(Map<String, String> opts, Map<String, String> env) {
        Settings.Builder b = Settings.builder().controlApi(true)
                .port(Integer.parseInt(get(opts, env, "port", "8190")))
                .bindAddress(get(opts, env, "bind", "127.0.0.1"))
                .gatewayUrl(get(opts, env, "gateway-url", "http://localhost:8085"))
                .provinceAppKey(get(opts, env, "app-key", Settings.DEMO_PROVINCE_APP_KEY))
                .provinceSecret(get(opts, env, "secret", Settings.DEMO_PROVINCE_SECRET))
                .countyAppKey(get(opts, env, "county-app-key", Settings.DEMO_COUNTY_APP_KEY))
                .countySecret(get(opts, env, "county-secret", Settings.DEMO_COUNTY_SECRET))
                .provinceOrg(get(opts, env, "province-org", Settings.DEMO_PROVINCE_ORG))
                .countyOrg(get(opts, env, "county-org", Settings.DEMO_COUNTY_ORG))
                .strictFlow(Boolean.parseBoolean(get(opts, env, "strict-flow", "false")));
        String sm2 = get(opts, env, "sm2-private-key", null);
        if (sm2 != null && !sm2.isBlank()) {
            b.provinceSm2PrivateKey(sm2);
        }
        String countyPublic = get(opts, env, "county-sm2-public-key", null);
        if (countyPublic != null && !countyPublic.isBlank()) {
            b.countySm2PublicKey(countyPublic);
        }
        String method = get(opts, env, "sign-method", "HMAC-SM3");
        SignMethod signMethod = SignMethod.ofHeader(method);
        if (signMethod == null) {
            throw new IllegalArgumentException("sign-method: HMAC-SM3 or SM3withSM2, not " + method);
        }
        return b.signMethod(signMethod).build();
    }

    /** {@code --name=value}, else {@code PROVINCE_SIM_NAME} (dashes as underscores), else the default. */
    private static String get(Map<String, String> opts, Map<String, String> env, String name, String fallback) {
        String v = opts.get(name);
        if (v == null) {
            v = env.get("PROVINCE_SIM_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return v == null || v.isEmpty() ? fallback : v;
    }
}
