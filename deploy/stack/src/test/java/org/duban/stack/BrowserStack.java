package org.duban.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.infra.KafkaBroker;
import org.duban.infra.Ports;
import org.duban.infra.PostgresServer;

/**
 * The web workspace's real stack for a browser test, as processes: PostgreSQL, Kafka, Keycloak with the realm file
 * (its duban-web client may redirect to this run's web port), unit-, task-, supervision- and notification-service,
 * and web; Debian's chromium driven headless through its chromedriver. Also: the demo users' passwords from the realm
 * file, Keycloak's login page, API tokens for setting up data (the realm's public duban-cli client), screenshots under
 * {@code target/<name>/screenshots}.
 *
 * <p>One stack per test JVM, shared by {@code WebIT} and {@code OfficePagesIT} ({@link Shared}): started by whichever
 * runs first, closed when JUnit closes its root store at the end of the run (Keycloak alone takes about 40 s to start).
 * Both run with the same environment, task-service's deadline sweep every second; each test brings its own data (its
 * own plan or tasks) and finds it by id, so their order does not matter.
 */
final class BrowserStack implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("duban.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("duban.chromedriver", "/usr/bin/chromedriver"));
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    final Path work;
    final Map<String, ServiceProcess> services = new HashMap<>();
    final Map<String, String> passwords = new HashMap<>();
    /** The browsers opened, in order (closed with the stack). */
    final List<WebDriver> drivers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    PostgresServer postgres;
    KafkaBroker kafka;
    KeycloakServer keycloak;
    ServiceProcess web;

    /** Extra environment per service name, e.g. a shorter deadline sweep for task-service. */
    private final Map<String, Map<String, String>> extraEnvironment;

    private BrowserStack(String name, Map<String, Map<String, String>> extraEnvironment) {
        this.extraEnvironment = extraEnvironment;
        work = ComposeFileTest.MODULE.resolve("target").resolve(name);
    }

    /** Skips the calling test class (loudly) when no chromium or chromedriver is installed: .ci/run installs them. */
    static void requireBrowser(String test) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "\n\n*** " + test + " SKIPPED: no browser: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing."
                    + " Install them with: apt-get install -y chromium chromium-driver (.ci/run does). ***\n";
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    /**
     * The environment both browser tests run with: the 2021 deadlines of the county notice are long past, so task-service
     * sweeps every second and the board turns red while WebIT watches.
     */
    static final Map<String, Map<String, String>> ENVIRONMENT = Map.of("task-service", Map.of("DUBAN_DEADLINE_SWEEP_INTERVAL", "1s"));

    /**
     * The JVM's one stack for a test class ({@code @RegisterExtension static final BrowserStack.Shared SHARED}): before the
     * class's own {@code @BeforeAll}, skips it (loudly) without a browser, else takes the stack from JUnit's root store,
     * starting it on first use. The root store closes it (an {@link AutoCloseable}) when the run ends. A stack that
     * failed to start is not kept: the next class tries again.
     */
    static final class Shared implements BeforeAllCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserStack.class);

        private BrowserStack stack;

        @Override
        public void beforeAll(ExtensionContext context) {
            requireBrowser(context.getDisplayName());
            stack = context.getRoot().getStore(NAMESPACE).computeIfAbsent(BrowserStack.class, key -> {
                long since = System.nanoTime();
                try {
                    BrowserStack started = start("browser-stack", ENVIRONMENT);
                    System.out.printf(Locale.ROOT, "browser-stack: started for %s in %d s%n", context.getDisplayName(),
                            Duration.ofNanos(System.nanoTime() - since).toSeconds());
                    return started;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, BrowserStack.class);
        }

        BrowserStack stack() {
            return stack;
        }
    }

    /** Starts everything and waits until each part is ready; {@code name} names the work directory under target. */
    static BrowserStack start(String name, Map<String, Map<String, String>> extraEnvironment) throws IOException {
        BrowserStack stack = new BrowserStack(name, extraEnvironment);
        try {
            stack.startAll();
        } catch (RuntimeException | IOException | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll() throws IOException {
        Files.createDirectories(work);
        postgres = PostgresServer.startEphemeral();
        kafka = KafkaBroker.startEphemeral();
        int webPort = Ports.free();
        keycloak = keycloak(webPort);
        keycloak.start();
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            if (s.name().equals("province-gateway")) {
                continue; // no page uses it
            }
            int port = Ports.free();
            Map<String, String> env = new HashMap<>(ServiceProcess.environment(port, postgres.createDatabase(s.database()),
                    PostgresServer.SUPERUSER, "postgres", kafka.bootstrapServers(), keycloak.realmUrl(), null));
            if (s.name().equals("task-service")) {
                env.put("DUBAN_IMPORTER_UNIT_SERVICE_URL", services.get("unit-service").uri("").toString());
            }
            env.putAll(extraEnvironment.getOrDefault(s.name(), Map.of()));
            ServiceProcess p = new ServiceProcess(s.name(), s.jar(TestSystem.REPO), port, env, TestSystem.JVM_OPTIONS,
                    work.resolve(s.name() + ".log"), null);
            services.put(s.name(), p.start());
        }
        ServiceDefinition w = ServiceDefinition.WEB;
        web = new ServiceProcess(w.name(), w.jar(TestSystem.REPO), webPort,
                ServiceDefinition.webEnvironment(webPort, keycloak.realmUrl(), n -> services.get(n).uri("").toString()),
                TestSystem.JVM_OPTIONS, work.resolve("web.log"), null).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!keycloak.probeReady()) {
            keycloak.requireAlive();
            assertTrue(System.nanoTime() < deadline, "Keycloak not ready; see " + keycloak.log());
            ServiceProcess.sleep(500);
        }
        for (ServiceProcess s : services.values()) {
            s.awaitReady(START_TIMEOUT);
        }
        web.awaitReady(START_TIMEOUT);
    }

    /**
     * Keycloak from the distribution zip Maven copied (pom: keycloak-for-web-it), unpacked once under
     * target/web-it; its database is emptied so the realm file as it is now is imported, from a
     * copy whose duban-web client may redirect to this run's web port.
     */
    private KeycloakServer keycloak(int webPort) throws IOException {
        String version = System.getProperty("duban.keycloak.version");
        Path zip = Path.of(System.getProperty("duban.keycloak.zip"));
        Path home = ComposeFileTest.MODULE.resolve("target/web-it/keycloak/keycloak-" + version);
        deleteTree(home.resolve("data/h2"));
        ObjectNode realm = (ObjectNode) json.readTree(TestSystem.REPO.resolve("deploy/keycloak/duban-realm.json").toFile());
        boolean found = false;
        for (JsonNode client : realm.withArray("clients")) {
            if ("duban-web".equals(client.path("clientId").asText())) {
                ((ArrayNode) ((ObjectNode) client).withArray("redirectUris")).add("http://127.0.0.1:" + webPort + "/*");
                found = true;
            }
        }
        assertTrue(found, "the realm file has no duban-web client");
        for (JsonNode user : realm.withArray("users")) {
            passwords.put(user.path("username").asText(), user.path("credentials").path(0).path("value").asText());
        }
        Path realmCopy = work.resolve("duban-realm.json");
        json.writeValue(realmCopy.toFile(), realm);
        return new KeycloakServer(home, zip, Ports.free(), realmCopy, work.resolve("keycloak.log"), work.resolve("keycloak.pid"));
    }

    URI web(String path) {
        return web.uri(path);
    }

    URI service(String name, String path) {
        return services.get(name).uri(path);
    }

    WebDriver browser(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        drivers.add(driver);
        return driver;
    }

    /** Keycloak's own login page, with the demo user's password from the realm file. */
    void login(WebDriver browser, String user) {
        browser.get(web("/").toString());
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(passwords.get(user));
        browser.findElement(By.id("kc-login")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.top")));
    }

    static WebDriverWait wait(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        // an htmx swap may replace the element between a condition's find and its read: look again, do not fail
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** A test class's own directory under target (its files and screenshots), e.g. {@code target/web-it}. */
    static Path workOf(String name) throws IOException {
        Path dir = ComposeFileTest.MODULE.resolve("target").resolve(name);
        Files.createDirectories(dir.resolve("screenshots"));
        return dir;
    }

    /** The page as {@code <work>/screenshots/<name>.png}, {@code work} being a test class's {@link #workOf directory}. */
    static void screenshot(Path work, WebDriver browser, String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path to = work.resolve("screenshots").resolve(name + ".png");
        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "%s: screenshot %s%n", work.getFileName(), to);
    }

    /** Quits a test class's browsers when it is done (the stack's others stay open). */
    void quit(List<WebDriver> browsers) {
        for (WebDriver d : browsers) {
            drivers.remove(d);
            try {
                d.quit();
            } catch (RuntimeException ignored) {
                // a browser that died is gone already
            }
        }
    }

    /** A demo user's access token (password grant of the realm's public duban-cli client), for setting up data. */
    String token(String user) {
        String form = "grant_type=password&client_id=duban-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(passwords.get(user), StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(keycloak.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, answer.statusCode(), answer.body());
        try {
            return json.readTree(answer.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST of a JSON body to a service as {@code user}: the status and the answer's JSON (or null). */
    Answer post(String user, String service, String path, Object body) {
        try {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(service(service, path))
                    .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
            return new Answer(answer.statusCode(), answer.body().isEmpty() ? null : json.readTree(answer.body()), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, JsonNode json, String body) {
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        drivers.forEach(d -> {
            try {
                d.quit();
            } catch (RuntimeException ignored) {
                // a browser that died is gone already
            }
        });
        List<Component> all = new ArrayList<>(services.values());
        if (web != null) {
            all.add(web);
        }
        if (keycloak != null) {
            all.add(keycloak);
        }
        CompletableFuture.allOf(all.stream().map(c -> CompletableFuture.runAsync(c::close)).toArray(CompletableFuture[]::new)).join();
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
