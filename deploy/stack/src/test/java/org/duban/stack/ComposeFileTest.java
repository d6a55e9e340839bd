package org.duban.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker-compose.yml, the launcher and the realm agree with what the services actually read: every environment
 * variable a service gets names a property in platform's microprofile-config.properties or the service's
 * application.properties (the Quarkus mapping: QUARKUS_DATASOURCE_JDBC_URL is quarkus.datasource.jdbc.url).
 */
class ComposeFileTest {

    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final Path REPO = MODULE.resolve("../..").normalize();
    static final Set<String> ROLES = Set.of("admin", "supervisor", "leader", "unit-officer", "integration");

    static Map<String, Object> compose;
    static JsonNode realm;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Reader in = Files.newBufferedReader(REPO.resolve("deploy/docker-compose.yml"), StandardCharsets.UTF_8)) {
            compose = new Yaml().load(in);
        }
        realm = new ObjectMapper().readTree(REPO.resolve("deploy/keycloak/duban-realm.json").toFile());
    }

    @TestFactory
    List<DynamicTest> composeWiresEachServiceWithPropertiesItReads() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            tests.add(DynamicTest.dynamicTest(service.name(), () -> checkComposeService(service)));
        }
        return tests;
    }

    @SuppressWarnings("unchecked")
    private void checkComposeService(ServiceDefinition service) throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(service.name());
        assertNotNull(definition, "docker-compose.yml has no service " + service.name());

        Map<String, String> env = environment(definition.get("environment"));
        Set<String> unknown = unknownVariables(service, env.keySet());
        assertTrue(unknown.isEmpty(), service.name() + " in docker-compose.yml sets " + unknown
                + ", which name no property in platform's microprofile-config.properties or "
                + service.name() + "/src/main/resources/application.properties");

        assertEquals(Integer.toString(service.defaultPort()), env.get("QUARKUS_HTTP_PORT"), service.name() + " port");
        List<String> ports = ((List<Object>) definition.getOrDefault("ports", List.of())).stream().map(String::valueOf).toList();
        assertTrue(ports.contains(service.defaultPort() + ":" + service.defaultPort()),
                service.name() + " publishes " + ports + ", expected " + service.defaultPort());
        String jdbcUrl = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        assertNotNull(jdbcUrl, service.name() + " has no QUARKUS_DATASOURCE_JDBC_URL");
        assertTrue(jdbcUrl.endsWith("/" + service.database()), service.name() + " uses " + jdbcUrl + ", expected database "
                + service.database());
        for (String required : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                "QUARKUS_OIDC_AUTH_SERVER_URL")) {
            assertTrue(env.containsKey(required), service.name() + " lacks " + required);
        }

        Object dependsOn = definition.get("depends_on");
        Collection<String> dependencies = dependsOn instanceof Map<?, ?> m ? (Collection<String>) m.keySet()
                : dependsOn instanceof List<?> l ? (Collection<String>) l : List.of();
        assertTrue(dependencies.containsAll(List.of("postgres", "kafka")),
                service.name() + " must depend on postgres and kafka, depends on " + dependencies);

        Map<String, Object> build = (Map<String, Object>) definition.get("build");
        assertNotNull(build, service.name() + " is not built from the shared Dockerfile");
        assertEquals("deploy/docker/Dockerfile.jvm", build.get("dockerfile"));
        assertEquals(service.name(), ((Map<String, Object>) build.get("args")).get("SERVICE"));
    }

    @TestFactory
    List<DynamicTest> launcherWiresEachServiceWithPropertiesItReads() {
        Set<String> variables = ServiceProcess.environment(1, "jdbc:postgresql://h/db", "u", "p", "k:1", "http://o", null).keySet();
        List<DynamicTest> tests = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            tests.add(DynamicTest.dynamicTest(service.name(), () -> {
                Set<String> unknown = unknownVariables(service, variables);
                assertTrue(unknown.isEmpty(), "LocalStack sets " + unknown + " for " + service.name()
                        + ", which name no property the service reads");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> servicesDefaultsMatchTheStack() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            tests.add(DynamicTest.dynamicTest(service.name(), () -> {
                Properties p = load(applicationProperties(service));
                assertEquals(Integer.toString(service.defaultPort()), p.getProperty("quarkus.http.port"),
                        service.name() + " quarkus.http.port");
                String url = p.getProperty("quarkus.datasource.jdbc.url", "");
                assertTrue(url.endsWith("/" + service.database()), service.name() + " quarkus.datasource.jdbc.url=" + url
                        + ", expected database " + service.database());
            }));
        }
        return tests;
    }

    @Test
    void postgresInitScriptCreatesEveryDatabase() throws IOException {
        String script = Files.readString(REPO.resolve("deploy/docker/postgres-init.sql")).toLowerCase(Locale.ROOT);
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            assertTrue(script.contains("create database " + service.database() + ";"),
                    "deploy/docker/postgres-init.sql does not create " + service.database());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void infrastructureIsInCompose() {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("postgres", "kafka", "keycloak")), "services: " + services.keySet());
        String realmMount = String.valueOf(((Map<String, Object>) services.get("keycloak")).get("volumes"));
        assertTrue(realmMount.contains("./keycloak/duban-realm.json:/opt/keycloak/data/import/"), realmMount);
    }

    @Test
    void realmHasTheRolesAndAUserPerRole() {
        assertEquals("duban", realm.path("realm").asText());
        Set<String> roles = new HashSet<>();
        realm.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
        assertTrue(roles.containsAll(ROLES), "realm roles " + roles);

        Set<String> rolesWithAHuman = new TreeSet<>();
        for (JsonNode user : realm.path("users")) {
            if (user.has("serviceAccountClientId")) {
                continue;
            }
            user.path("realmRoles").forEach(r -> rolesWithAHuman.add(r.asText()));
            if (user.path("realmRoles").toString().contains("\"unit-officer\"")) {
                String unitId = user.path("attributes").path("unit_id").path(0).asText();
                assertEquals(unitId, UUID.fromString(unitId).toString(), user.path("username") + " needs a unit_id UUID");
            }
        }
        assertTrue(rolesWithAHuman.containsAll(ROLES), "roles with a demo user: " + rolesWithAHuman);
    }

    @Test
    void realmUsersAreTheOnesTheLauncherPrints() {
        for (DemoUser demo : DemoUser.ALL) {
            JsonNode user = user(demo.username());
            assertTrue(user.path("realmRoles").toString().contains("\"" + demo.role() + "\""), demo.username() + " role");
            assertEquals(demo.username(), user.path("credentials").path(0).path("value").asText(),
                    demo.username() + "'s password is its name");
            assertEquals(demo.unitId() == null ? "" : demo.unitId(), user.path("attributes").path("unit_id").path(0).asText(),
                    demo.username() + " unit_id");
            for (String field : List.of("email", "firstName", "lastName")) {
                // Keycloak's user profile requires them: without, the password grant answers "Account is not fully set up".
                assertTrue(!user.path(field).asText().isBlank(), demo.username() + " needs " + field);
            }
        }
    }

    @Test
    void realmClientsAndTokenClaims() throws IOException {
        JsonNode cli = client(DemoUser.CLI_CLIENT);
        assertTrue(cli.path("publicClient").asBoolean() && cli.path("directAccessGrantsEnabled").asBoolean(),
                "duban-cli must be public with direct access grants");
        JsonNode mapper = null;
        for (JsonNode m : cli.path("protocolMappers")) {
            if ("unit_id".equals(m.path("config").path("claim.name").asText())) {
                mapper = m;
            }
        }
        assertNotNull(mapper, "duban-cli has no unit_id mapper");
        assertEquals("unit_id", mapper.path("config").path("user.attribute").asText());
        assertEquals("true", mapper.path("config").path("access.token.claim").asText());

        JsonNode platform = client(DemoUser.INTEGRATION_CLIENT);
        assertTrue(!platform.path("publicClient").asBoolean() && platform.path("serviceAccountsEnabled").asBoolean());
        assertEquals(DemoUser.INTEGRATION_CLIENT_SECRET, platform.path("secret").asText());
        JsonNode serviceAccount = user("service-account-" + DemoUser.INTEGRATION_CLIENT);
        assertTrue(serviceAccount.path("realmRoles").toString().contains("\"integration\""));

        // Keycloak 26 drops user attributes its user profile does not declare.
        String profile = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").path(0)
                .path("config").path("kc.user.profile.config").path(0).asText();
        Set<String> declared = new HashSet<>();
        new ObjectMapper().readTree(profile).path("attributes").forEach(a -> declared.add(a.path("name").asText()));
        assertTrue(declared.containsAll(List.of("username", "email", "firstName", "lastName", "unit_id")), "user profile " + declared);
    }

    private static JsonNode user(String username) {
        for (JsonNode user : realm.path("users")) {
            if (username.equals(user.path("username").asText())) {
                return user;
            }
        }
        return fail("the realm has no user " + username);
    }

    private static JsonNode client(String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        return fail("the realm has no client " + clientId);
    }

    /** Variables whose Quarkus property name is not among the properties the service's configuration files name. */
    static Set<String> unknownVariables(ServiceDefinition service, Collection<String> variables) throws IOException {
        Set<String> known = new HashSet<>();
        for (Path file : List.of(REPO.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"),
                applicationProperties(service))) {
            for (String name : load(file).stringPropertyNames()) {
                known.add(normalise(name.replaceFirst("^%[^.]+\\.", "")));
            }
        }
        return variables.stream().filter(v -> !known.contains(normalise(v))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Quarkus environment-variable mapping, applied to both sides: lower case, and _ - " become dots. */
    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("\"", "").replace('_', '.').replace('-', '.');
    }

    private static Path applicationProperties(ServiceDefinition service) {
        return REPO.resolve(service.name()).resolve("src/main/resources/application.properties");
    }

    private static Properties load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            fail(file + " is missing");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Object environment) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }
}
