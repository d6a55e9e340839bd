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

import org.duban.events.Topics;
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

    /**
     * The web workspace in compose: built like the services, port 8080 published, on the internal network and Keycloak's,
     * every variable a property web reads, the OIDC client's secrets from the environment (required, never the demo
     * values web refuses under the prod profile), each service by its compose name and port, and keycloak-setup giving
     * Keycloak's duban-web client the same secret web presents.
     */
    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheWebWorkspace() throws IOException {
        ServiceDefinition web = ServiceDefinition.WEB;
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(web.name());
        assertNotNull(definition, "docker-compose.yml has no service web");
        Map<String, String> env = environment(definition.get("environment"));
        Set<String> unknown = unknownVariables(web, env.keySet());
        assertTrue(unknown.isEmpty(), "web in docker-compose.yml sets " + unknown + ", which name no property web reads");

        assertEquals("8080", env.get("QUARKUS_HTTP_PORT"));
        assertEquals(List.of("8080:8080"), ((List<Object>) definition.get("ports")).stream().map(String::valueOf).toList());
        Map<String, Object> build = (Map<String, Object>) definition.get("build");
        assertEquals("deploy/docker/Dockerfile.jvm", build.get("dockerfile"));
        assertEquals("web", ((Map<String, Object>) build.get("args")).get("SERVICE"));

        assertEquals("http://keycloak:8080/realms/duban", env.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
        assertEquals("duban-web", env.get("QUARKUS_OIDC_CLIENT_ID"));
        for (String secret : List.of("QUARKUS_OIDC_CREDENTIALS_SECRET", "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET")) {
            String value = env.get(secret);
            assertTrue(value != null && value.startsWith("${") && value.contains(":?"), secret + " must come from the environment, required: "
                    + value);
        }
        assertTrue(env.keySet().stream().noneMatch(v -> v.startsWith("QUARKUS_DATASOURCE") || v.startsWith("KAFKA_")),
                "web owns no data and reads no Kafka: " + env.keySet());
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            if (s.name().equals("province-gateway")) {
                continue; // the pages do not call it
            }
            String variable = "DUBAN_WEB_SERVICES_" + s.name().replace("-service", "").toUpperCase(Locale.ROOT);
            assertEquals("http://" + s.name() + ":" + s.defaultPort(), env.get(variable), variable);
        }

        List<String> networks = (List<String>) definition.get("networks");
        Map<String, Object> declared = (Map<String, Object>) compose.get("networks");
        assertTrue(networks.stream().anyMatch(n -> Boolean.TRUE.equals(((Map<String, Object>) declared.get(n)).get("internal"))),
                "web is on the internal network: " + networks);
        List<String> keycloakNetworks = (List<String>) ((Map<String, Object>) services.get("keycloak")).get("networks");
        assertTrue(networks.stream().anyMatch(keycloakNetworks::contains), "web reaches Keycloak: " + networks);
        Set<String> dependencies = ((Map<String, Object>) definition.get("depends_on")).keySet();
        assertTrue(dependencies.containsAll(List.of("keycloak", "keycloak-setup", "unit-service", "task-service",
                "supervision-service", "notification-service")), "web depends on " + dependencies);

        Map<String, Object> setup = (Map<String, Object>) services.get("keycloak-setup");
        assertNotNull(setup, "no keycloak-setup to give the duban-web client its secret");
        Map<String, String> setupEnv = environment(setup.get("environment"));
        assertEquals(env.get("QUARKUS_OIDC_CREDENTIALS_SECRET"), setupEnv.get("DUBAN_WEB_CLIENT_SECRET"),
                "Keycloak gets the secret web presents");
        String command = String.valueOf(setup.get("command"));
        assertTrue(command.contains("clientId=duban-web") && command.contains("secret=$$DUBAN_WEB_CLIENT_SECRET"), command);

        List<String> redirects = new ArrayList<>();
        client("duban-web").path("redirectUris").forEach(u -> redirects.add(u.asText()));
        assertTrue(redirects.contains("http://localhost:8080/*"), "the realm lets duban-web return to compose's web: " + redirects);
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

    /** Each service its own login role, owning only its own database; no service logs in as the superuser. */
    @Test
    @SuppressWarnings("unchecked")
    void postgresInitScriptGivesEachServiceItsOwnRoleOwningOnlyItsDatabase() throws IOException {
        String script = Files.readString(REPO.resolve("deploy/docker/postgres-init.sql")).toLowerCase(Locale.ROOT);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Set<String> roles = new HashSet<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Map<String, String> env = environment(((Map<String, Object>) services.get(service.name())).get("environment"));
            String role = env.get("QUARKUS_DATASOURCE_USERNAME");
            assertTrue(roles.add(role), role + " is shared by two services");
            assertTrue(!"postgres".equals(role), service.name() + " logs in as the superuser");
            assertTrue(script.contains("create role " + role + " login password :'"), "no role " + role + " (password as a psql variable)");
            assertTrue(script.contains("create database " + service.database() + " owner " + role + ";"),
                    "deploy/docker/postgres-init.sql does not create " + service.database() + " owned by " + role);
            assertTrue(script.contains("revoke all on database " + service.database() + " from public;"), service.database());
            assertTrue(env.get("QUARKUS_DATASOURCE_PASSWORD").startsWith("${") && env.get("QUARKUS_DATASOURCE_PASSWORD").contains(":?"),
                    service.name() + "'s database password must come from the environment, required: "
                            + env.get("QUARKUS_DATASOURCE_PASSWORD"));
        }
        assertEquals(ServiceDefinition.ALL.size(), script.split("create database ", -1).length - 1, "one database per service, no other");
        assertTrue(!script.contains("password '"), "no literal password in the script");
    }

    /** Only the services' and Keycloak's ports are published; PostgreSQL and Kafka are on an internal network only. */
    @Test
    @SuppressWarnings("unchecked")
    void noDatabaseOrKafkaPortOnTheHost() {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Set<String> published = new TreeSet<>();
        services.forEach((name, definition) -> {
            if (((Map<String, Object>) definition).containsKey("ports")) {
                published.add(name);
            }
        });
        Set<String> allowed = new TreeSet<>(List.of("keycloak"));
        ServiceDefinition.ALL.forEach(s -> allowed.add(s.name()));
        allowed.add(ServiceDefinition.WEB.name());
        assertTrue(allowed.containsAll(published), "ports published by " + published + "; only " + allowed + " may");
        Map<String, Object> networks = (Map<String, Object>) compose.get("networks");
        for (String infrastructure : List.of("postgres", "kafka", "kafka-setup")) {
            List<String> on = (List<String>) ((Map<String, Object>) services.get(infrastructure)).get("networks");
            assertNotNull(on, infrastructure + " names no network (the default one reaches the host)");
            for (String network : on) {
                assertEquals(Boolean.TRUE, ((Map<String, Object>) networks.get(network)).get("internal"),
                        infrastructure + " is on " + network + ", which is not internal");
            }
        }
    }

    /** Every Kafka listener a client can reach takes SASL/SCRAM; each service logs in as its own user. */
    @Test
    @SuppressWarnings("unchecked")
    void kafkaTakesSaslOnlyAndEachServiceIsItsOwnUser() {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, String> kafka = environment(((Map<String, Object>) services.get("kafka")).get("environment"));
        for (String entry : kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            String[] nameProtocol = entry.split(":");
            if (!nameProtocol[0].equals(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"))) {
                assertTrue(nameProtocol[1].startsWith("SASL_"), "listener " + entry + " takes no SASL");
            }
        }
        assertTrue(kafka.get("KAFKA_LISTENERS").contains("CONTROLLER://localhost:"), "the controller listener stays in the container");
        assertEquals("SCRAM-SHA-512", kafka.get("KAFKA_SASL_ENABLED_MECHANISMS"));
        assertEquals("false", kafka.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", kafka.get("KAFKA_AUTHORIZER_CLASS_NAME"));
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Map<String, String> env = environment(((Map<String, Object>) services.get(service.name())).get("environment"));
            assertEquals("SASL_PLAINTEXT", env.get("KAFKA_SECURITY_PROTOCOL"), service.name());
            String jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            assertTrue(jaas != null && jaas.contains("ScramLoginModule required username=\"" + service.name() + "\" password=\"${"),
                    service.name() + " must log in as " + service.name() + " with a password from the environment: " + jaas);
        }
    }

    /** The topics each service owns: it alone may write them (a forged UnitSnapshot would redirect a unit's notices). */
    static final Map<String, List<String>> OWNED_TOPICS = Map.of(
            "unit-service", List.of(Topics.UNIT_EVENTS, Topics.UNIT_SNAPSHOTS),
            "task-service", List.of(Topics.TASK_EVENTS),
            "supervision-service", List.of(Topics.SUPERVISION_EVENTS),
            "notification-service", List.of(),
            "province-gateway", List.of(Topics.PROVINCE_EVENTS));

    record Acl(String principal, Set<String> operations, String type, String name) {
    }

    /**
     * deploy/docker/kafka-acls.txt: each service may write its own topics and the dead-letter topics of what it reads,
     * and nothing else; it reads every topic it consumes (its application.properties' incoming topics, and the unit
     * snapshots where it keeps a replica) with its own group.
     */
    @TestFactory
    List<DynamicTest> kafkaAclsLetEachServiceWriteOnlyItsOwnTopics() throws IOException {
        List<Acl> acls = new ArrayList<>();
        for (String line : Files.readAllLines(REPO.resolve("deploy/docker/kafka-acls.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            acls.add(new Acl(f[0], Set.of(f[1].split(",")), f[2], f[3]));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            tests.add(DynamicTest.dynamicTest(service.name(), () -> {
                List<Acl> mine = acls.stream().filter(a -> a.principal().equals(service.name())).toList();
                Set<String> consumed = consumedTopics(service);
                Set<String> writable = new TreeSet<>(OWNED_TOPICS.get(service.name()));
                consumed.forEach(t -> writable.add(t + Topics.DEAD_LETTER_SUFFIX));
                for (String topic : OWNED_TOPICS.get(service.name())) {
                    assertTrue(allows(mine, "topic", topic, "Write"), service.name() + " may not write its own " + topic);
                }
                for (String topic : consumed) {
                    assertTrue(allows(mine, "topic", topic, "Read"), service.name() + " may not read " + topic);
                    assertTrue(allows(mine, "topic", topic + Topics.DEAD_LETTER_SUFFIX, "Write"),
                            service.name() + " may not write " + topic + Topics.DEAD_LETTER_SUFFIX);
                }
                if (!consumed.isEmpty()) {
                    assertTrue(allows(mine, "group", service.name(), "Read"), service.name() + " has no consumer group ACL");
                }
                for (Acl acl : mine) {
                    assertTrue(!acl.name().contains("*"), "no wildcard: " + acl);
                    if (acl.operations().contains("Write") || acl.operations().contains("All")) {
                        assertTrue(writable.contains(acl.name()), service.name() + " may write " + acl.name()
                                + ", which is neither its own nor a dead-letter topic of what it reads");
                    }
                }
            }));
        }
        return tests;
    }

    private static boolean allows(List<Acl> acls, String type, String name, String operation) {
        return acls.stream().anyMatch(a -> a.type().equals(type) && a.name().equals(name) && a.operations().contains(operation));
    }

    /** The topics a service consumes, from its application.properties (and platform's replica channel where enabled). */
    private static Set<String> consumedTopics(ServiceDefinition service) throws IOException {
        Properties p = load(applicationProperties(service));
        Set<String> topics = new TreeSet<>();
        for (String name : p.stringPropertyNames()) {
            if (name.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                topics.add(p.getProperty(name).trim());
            }
        }
        if ("true".equals(p.getProperty("duban.unit-replica.enabled", "").trim())) {
            topics.add(Topics.UNIT_SNAPSHOTS);
        }
        return topics;
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
            String password = user.path("credentials").path(0).path("value").asText();
            assertEquals(demo.password(), password, demo.username() + "'s password");
            assertTrue(password.length() >= 12 && !password.equalsIgnoreCase(demo.username()) && password.matches(".*[0-9].*")
                    && password.matches(".*[A-Z].*") && password.matches(".*[a-z].*") && password.matches(".*[^A-Za-z0-9].*"),
                    demo.username() + "'s password breaks the realm's policy, and Keycloak would refuse to import the realm");
            assertEquals(demo.unitId() == null ? "" : demo.unitId(), user.path("attributes").path("unit_id").path(0).asText(),
                    demo.username() + " unit_id");
            for (String field : List.of("email", "firstName", "lastName")) {
                // Keycloak's user profile requires them: without, the password grant answers "Account is not fully set up".
                assertTrue(!user.path(field).asText().isBlank(), demo.username() + " needs " + field);
            }
        }
    }

    /** 等保: passwords of at least 12 characters, not the user name, with digits, both cases and a special character. */
    @Test
    void realmHasAPasswordPolicy() {
        String policy = realm.path("passwordPolicy").asText();
        for (String rule : List.of("length(12)", "notUsername", "digits(1)", "upperCase(1)", "lowerCase(1)", "specialChars(1)")) {
            assertTrue(policy.contains(rule), "passwordPolicy lacks " + rule + ": " + policy);
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
