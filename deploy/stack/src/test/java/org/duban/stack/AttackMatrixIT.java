package org.duban.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.stack.attack.AllowTable;
import org.duban.stack.attack.Identity;
import org.duban.stack.attack.MalformedBodies;
import org.duban.stack.attack.Operation;
import org.duban.stack.attack.Requests;
import org.duban.stack.attack.Requests.Answer;
import org.duban.stack.attack.Requests.Body;
import org.duban.stack.attack.RowCounts;

/**
 * Issue 20's generated attack matrix, against the five packaged services of the {@link SharedStack}. For each service:
 * <ol>
 * <li>every operation of its OpenAPI document (and the health, metrics and OpenAPI probes) called by every
 * {@link Identity} — no token, an expired token, one naming another issuer, one for another audience, one signed with
 * a foreign key, and a valid token of each role — each answer classified refused (401/403) or reached, and compared
 * with the checked-in allow table {@code src/test/resources/attack-matrix/<service>.tsv}; a bad token is a 401 on every
 * operation that is not public; no 5xx; every 401, 403, 404, 409 and 415 an {@code application/problem+json};</li>
 * <li>every operation with a request body sent malformed bodies ({@link MalformedBodies}) as the strongest role that
 * reaches it: each a 4xx problem (or the allowed success of a harmless body), never a 5xx, and no table of the service's
 * database changes its row count on a refusal;</li>
 * <li>unit A's officer calling every operation that takes an id with unit B's real ids (its unit, task, assignment,
 * progress report, card, inbox notice): no 2xx write, and no 2xx read carrying B's data except on the operations
 * the table marks {@code county-wide}.</li>
 * </ol>
 * {@code -Dattack-matrix.write=true} rewrites the allow tables from the answers (a reviewed change). The sizes and
 * results are written to {@code target/attack-matrix.md}.
 */
@UsesSharedStack
class AttackMatrixIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final Path TABLES = MODULE.resolve("src/test/resources/attack-matrix");
    static final boolean WRITE = Boolean.getBoolean("attack-matrix.write");

    static TestSystem system;
    static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Unit A, whose officer attacks; unit B, whose data it probes for. */
    static UUID unitA;
    static UUID unitB;
    static String unitBName;
    /** What only B and the county's office may read: B's contact, its report's text, its card's reason. */
    static final List<String> bPrivate = new ArrayList<>();
    /** B's real ids by kind: unit, task, assignment, report, card, notice. */
    static final Map<String, String> bIds = new LinkedHashMap<>();
    /** Per service, operation key → the roles that reached it in phase 1 (or "public"). */
    static final Map<String, Map<String, String>> observed = new ConcurrentHashMap<>();
    static final Map<String, String> results = new ConcurrentHashMap<>();

    @BeforeAll
    static void useStack(SharedStack stack) throws Exception {
        system = stack.system;
        stack.services().forEach(s -> services.put(s.name(), s));
        createUnitBData();
    }

    @AfterAll
    static void writeResults() throws Exception {
        if (!results.isEmpty()) {
            StringBuilder md = new StringBuilder("# Attack matrix (AttackMatrixIT)\n\n");
            results.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> md.append("- ").append(e.getKey())
                    .append(": ").append(e.getValue()).append('\n'));
            Files.createDirectories(MODULE.resolve("target"));
            Files.writeString(MODULE.resolve("target/attack-matrix.md"), md, StandardCharsets.UTF_8);
            System.out.print(md);
        }
    }

    /**
     * Units A and B in unit-service; for B: a task with B as lead unit (task-service), a progress report by B's officer,
     * a card by hand (supervision-service, once its unit replica knows B) and the 交办 notice in B's inbox.
     */
    static void createUnitBData() throws Exception {
        String admin = Identity.ADMIN.token(null);
        String supervisor = Identity.SUPERVISOR.token(null);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        URI units = services.get("unit-service").uri("/api/units");
        unitA = UUID.fromString(ok("POST", units, admin, "{\"name\": \"县甲局" + suffix + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", "
                + "\"level\": \"COUNTY\"}").get("id").asText());
        unitBName = "县乙局" + suffix;
        unitB = UUID.fromString(ok("POST", units, admin, "{\"name\": \"" + unitBName + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", "
                + "\"level\": \"COUNTY\"}").get("id").asText());
        bIds.put("unit", unitB.toString());
        String officerB = Identity.officerOf(unitB);
        String phone = "139" + String.format("%08d", Math.abs(suffix.hashCode()) % 100_000_000);
        String email = "yi-" + suffix + "@example.gov.cn";
        ok("PUT", services.get("unit-service").uri("/api/units/" + unitB + "/contacts"), admin, "{\"contacts\": [{\"name\": \"乙局联络员\", "
                + "\"role\": \"DUTY_CONTACT\", \"phone\": \"" + phone + "\", \"email\": \"" + email + "\"}]}");
        bPrivate.addAll(List.of(phone, email, "乙局进展" + suffix, "乙局逾期" + suffix));

        String task = ok("POST", services.get("task-service").uri("/api/tasks"), supervisor, "{\"title\": \"乙局专项整治" + suffix
                + "\", \"dueAt\": \"2099-12-31T15:59:59Z\", \"assignments\": [{\"unitId\": \"" + unitB + "\", \"role\": \"LEAD\"}]}")
                .get("id").asText();
        bIds.put("task", task);
        String assignment = ok("GET", services.get("task-service").uri("/api/assignments?unitId=" + unitB), officerB, null)
                .path(0).path("id").asText();
        bIds.put("assignment", assignment);
        bIds.put("report", ok("POST", services.get("task-service").uri("/api/assignments/" + assignment + "/reports"), officerB,
                "{\"percentComplete\": 30, \"narrative\": \"乙局进展" + suffix + "\"}").get("id").asText());

        URI cards = services.get("supervision-service").uri("/api/warnings");
        String card = "{\"unitId\": \"" + unitB + "\", \"color\": \"YELLOW\", \"reason\": \"乙局逾期" + suffix + "\"}";
        JsonNode issued = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Answer a = Requests.send("POST", cards, supervisor, new Body("application/json", card.getBytes(StandardCharsets.UTF_8)));
            return a.status() == 201 ? JSON.readTree(a.body()) : null;
        }, n -> n != null);
        bIds.put("card", issued.get("warningId").asText());

        URI inbox = services.get("notification-service").uri("/api/inbox?unitId=" + unitB);
        JsonNode items = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> ok("GET", inbox, officerB, null).path("items"), i -> i.size() > 0);
        bIds.put("notice", items.path(0).path("id").asText());
        // supervision's board has B's assignment too (status by event)
        URI status = services.get("supervision-service").uri("/api/status?unitId=" + unitB);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> ok("GET", status, officerB, null).size() > 0);
    }

    private static JsonNode ok(String method, URI uri, String token, String json) throws Exception {
        Answer a = Requests.send(method, uri, token, json == null ? null : new Body("application/json", json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(a.success(), method + " " + uri + " answered " + a.brief());
        return JSON.readTree(a.body());
    }

    @TestFactory
    List<DynamicContainer> everyService() {
        List<DynamicContainer> containers = new ArrayList<>();
        for (ServiceProcess s : services.values()) {
            containers.add(DynamicContainer.dynamicContainer(s.name(), List.of(
                    DynamicTest.dynamicTest("every operation × every identity agrees with the allow table", () -> allowTable(s)),
                    DynamicTest.dynamicTest("malformed bodies are refused with a problem and change nothing", () -> malformed(s)),
                    DynamicTest.dynamicTest("unit A's officer reads and writes nothing of unit B's", () -> otherUnit(s)))));
        }
        return containers;
    }

    static List<Operation> operations(ServiceProcess s) throws Exception {
        Answer doc = Requests.send("GET", s.uri("/q/openapi?format=json"), null, null);
        assertEquals(200, doc.status(), s.name() + " /q/openapi");
        return Operation.all(JSON.readTree(doc.body()));
    }

    /** Path and query ids for phase 1: the officer's own unit for a unitId, a fresh UUID for everything else. */
    static String ownOrFresh(String name) {
        return name.equals("unitId") ? unitA.toString() : UUID.randomUUID().toString();
    }

    // ---- 1. every operation × every identity ----

    static void allowTable(ServiceProcess s) throws Exception {
        List<Operation> operations = operations(s);
        Map<Identity, String> tokens = new EnumMap<>(Identity.class);
        for (Identity i : Identity.values()) {
            tokens.put(i, i.token(unitA));
        }
        Map<String, String> reached = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Operation op : operations) {
            boolean open = op.isPublic(s.name());
            Set<String> roles = new TreeSet<>(RoleOrder.TABLE);
            for (Identity who : Identity.values()) {
                URI uri = Requests.uri(s.uri(""), op, AttackMatrixIT::ownOrFresh);
                Answer a = Requests.send(op.method(), uri, tokens.get(who), Requests.body(op, AttackMatrixIT::ownOrFresh));
                calls++;
                String row = op.key() + " as " + who + ": ";
                if (a.status() < 0 || a.status() >= 500) {
                    failures.add(row + a.brief());
                } else if (List.of(401, 403, 404, 409, 415).contains(a.status()) && !a.isProblem() && !wireContract(s, op)) {
                    failures.add(row + "not a problem: " + a.brief());
                }
                if (!open && !who.valid() && a.status() != 401) {
                    failures.add(row + "a bad token must be 401: " + a.brief());
                }
                if (who.valid() && !a.refused()) {
                    roles.add(who.role);
                }
            }
            reached.put(op.key(), open ? AllowTable.PUBLIC : String.join(",", roles));
        }
        observed.put(s.name(), reached);
        Path file = TABLES.resolve(s.name() + ".tsv");
        AllowTable table = AllowTable.read(file);
        List<String> diff = table.diff(reached);
        if (WRITE) {
            table.write(file, s.name(), reached);
        }
        String result = operations.size() + " operations × " + Identity.values().length + " identities = " + calls + " calls, "
                + (failures.size() + (WRITE ? 0 : diff.size())) + " failures";
        results.put(s.name() + " 1 identities", result);
        if (!failures.isEmpty() || (!diff.isEmpty() && !WRITE)) {
            fail(s.name() + ": " + result + "\n" + (diff.isEmpty() || WRITE ? "" : "allow table " + file + " differs (+ new, ~ changed, - gone):\n  "
                    + String.join("\n  ", diff) + "\n") + String.join("\n", failures) + "\nservice log: " + s.log());
        }
    }

    /**
     * The gateway's signed routes answer in the province's wire format ({@code {"code", "msg", "msgId"}},
     * docs/province-api.md, fixed by the lead), not as problems.
     */
    static boolean wireContract(ServiceProcess s, Operation op) {
        return s.name().equals("province-gateway") && op.path().startsWith("/api/province/");
    }

    /** The roles in the order the table lists them. */
    enum RoleOrder implements java.util.Comparator<String> {
        TABLE;

        @Override
        public int compare(String a, String b) {
            return Integer.compare(Identity.ofRole(a).ordinal(), Identity.ofRole(b).ordinal());
        }
    }

    // ---- 2. malformed bodies ----

    static void malformed(ServiceProcess s) throws Exception {
        List<Operation> operations = operations(s);
        Map<String, String> reached = observed.getOrDefault(s.name(), Map.of());
        AllowTable table = AllowTable.read(TABLES.resolve(s.name() + ".tsv"));
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int requests = 0;
        int operationsWithBody = 0;
        try (RowCounts counts = new RowCounts(system.postgres.connect(TestSystem.definition(s.name()).database()))) {
            awaitQuiet(s, counts);
            for (Operation op : operations) {
                if (op.bodyType() == null) {
                    continue;
                }
                operationsWithBody++;
                String roles = reached.containsKey(op.key()) ? reached.get(op.key())
                        : table.row(op.key()) == null ? "" : table.row(op.key()).reachedBy();
                if (op.isPublic(s.name()) || roles.isEmpty()) {
                    // the gateway's signed routes refuse an unsigned request before reading its body (its own tests
                    // send malformed signed messages); an operation nobody reaches has nobody to send them
                    skipped.add(op.key());
                    continue;
                }
                Identity strongest = Identity.ofRole(roles.split(",")[0]);
                String token = strongest.token(unitA);
                URI uri = Requests.uri(s.uri(""), op, AttackMatrixIT::ownOrFresh);
                for (MalformedBodies.Case c : MalformedBodies.of(op, AttackMatrixIT::ownOrFresh)) {
                    Map<String, Long> before = counts.snapshot();
                    Answer a = Requests.send(op.method(), uri, token, c.body());
                    requests++;
                    String row = op.key() + " as " + strongest + ", " + c.name() + ": ";
                    if (a.success()) {
                        if (!c.harmless()) {
                            failures.add(row + "accepted: " + a.brief());
                        }
                        continue;
                    }
                    if (a.status() < 400 || a.status() >= 500) {
                        failures.add(row + a.brief());
                        continue;
                    }
                    if (!a.isProblem()) {
                        failures.add(row + "not a problem: " + a.brief());
                    }
                    List<String> changed = RowCounts.changes(before, counts.snapshot());
                    if (!changed.isEmpty()) {
                        failures.add(row + a.status() + " but rows changed: " + changed);
                    }
                }
            }
        }
        String result = operationsWithBody + " operations with a body, " + requests + " malformed requests, " + failures.size()
                + " failures" + (skipped.isEmpty() ? "" : " (not sent: " + skipped + ")");
        results.put(s.name() + " 2 malformed bodies", result);
        if (!failures.isEmpty()) {
            fail(s.name() + ": " + result + "\n" + String.join("\n", failures) + "\nservice log: " + s.log());
        }
    }

    /**
     * The shared stack's other tests may have left events in flight that still add rows here (a notice, a replica): a
     * refusal's "no row changed" is read once the counts have stood still for a second. Best effort: a database that
     * never stands still for 20 s is checked as it is (as it was before the stack was shared).
     */
    static void awaitQuiet(ServiceProcess s, RowCounts counts) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> last.getAndSet(counts.snapshot()).equals(last.get()));
        } catch (ConditionTimeoutException stillMoving) {
            System.out.println("AttackMatrixIT: " + s.name() + "'s row counts did not stand still for a second within 20 s");
        }
    }

    // ---- 3. unit A's officer with unit B's ids ----

    static void otherUnit(ServiceProcess s) throws Exception {
        List<Operation> operations = operations(s);
        AllowTable table = AllowTable.read(TABLES.resolve(s.name() + ".tsv"));
        String officerA = Identity.officerOf(unitA);
        List<String> markers = new ArrayList<>(bIds.values());
        markers.add(unitBName);
        List<String> leaks = new ArrayList<>();
        int probes = 0;
        int operationsWithIds = 0;
        for (Operation op : operations) {
            boolean takesId = op.parameters().stream().anyMatch(p -> Requests.isId(p.name(), op.resolve(p.schema())));
            if (!takesId || op.isPublic(s.name())) {
                continue;
            }
            operationsWithIds++;
            for (Map.Entry<String, String> b : bIds.entrySet()) {
                Function<String, String> ids = name -> name.equals("unitId") ? unitB.toString() : b.getValue();
                Answer a = Requests.send(op.method(), Requests.uri(s.uri(""), op, ids), officerA, Requests.body(op, ids));
                probes++;
                String row = op.key() + " with B's " + b.getKey() + " " + b.getValue() + ": ";
                if (a.status() < 0 || a.status() >= 500) {
                    leaks.add(row + a.brief());
                } else if (a.success() && !op.method().equals("GET")) {
                    leaks.add(row + "a write for another unit succeeded: " + a.brief());
                } else if (a.success() && bPrivate.stream().anyMatch(a.body()::contains)) {
                    leaks.add(row + "B's own data (contact, report, card): " + a.brief());
                } else if (a.success() && !table.countyWide(op.key()) && markers.stream().anyMatch(a.body()::contains)) {
                    leaks.add(row + "B's data: " + a.brief());
                }
            }
        }
        String result = operationsWithIds + " operations taking an id × " + bIds.size() + " of B's ids = " + probes + " probes, "
                + leaks.size() + " leaks";
        results.put(s.name() + " 3 other unit", result);
        if (!leaks.isEmpty()) {
            fail(s.name() + ": " + result + "\n" + String.join("\n", leaks) + "\nservice log: " + s.log());
        }
    }
}
