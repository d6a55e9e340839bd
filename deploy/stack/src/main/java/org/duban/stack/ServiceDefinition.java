package org.duban.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One of the Duban services: where its jar is built, its default port and its database. */
public record ServiceDefinition(String name, int defaultPort, String database) {

    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("unit-service", 8081, "duban_unit"),
            new ServiceDefinition("task-service", 8082, "duban_task"),
            new ServiceDefinition("supervision-service", 8083, "duban_supervision"),
            new ServiceDefinition("notification-service", 8084, "duban_notification"),
            new ServiceDefinition("province-gateway", 8085, "duban_province"));

    /**
     * The web workspace (web/): no database of its own, it calls the services with the user's token. Not in
     * {@link #ALL}, which lists the services that own data.
     */
    public static final ServiceDefinition WEB = new ServiceDefinition("web", 8080, null);

    /**
     * web's environment: the login realm and each service's address (read by its {@code duban.web.services.*}).
     * {@code serviceUrl} gives a service's base URL by name.
     */
    public static java.util.Map<String, String> webEnvironment(int port, String realmUrl,
            java.util.function.Function<String, String> serviceUrl) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", realmUrl);
        env.put("DUBAN_WEB_SERVICES_UNIT", serviceUrl.apply("unit-service"));
        env.put("DUBAN_WEB_SERVICES_TASK", serviceUrl.apply("task-service"));
        env.put("DUBAN_WEB_SERVICES_SUPERVISION", serviceUrl.apply("supervision-service"));
        env.put("DUBAN_WEB_SERVICES_NOTIFICATION", serviceUrl.apply("notification-service"));
        return env;
    }

    /**
     * The environment variable that overrides the port in the local stack, e.g. {@code DUBAN_UNIT_PORT},
     * {@code DUBAN_PROVINCE_GATEWAY_PORT}.
     */
    public String portVariable() {
        return "DUBAN_" + name.replace("-service", "").replace('-', '_').toUpperCase(Locale.ROOT) + "_PORT";
    }

    /** The fast-jar Quarkus builds: {@code <repo>/<service>/target/quarkus-app/quarkus-run.jar}. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
