package org.duban.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: task-service's feature packages depend on each other in one direction only (bottom up: plan, deadline,
 * assignment, then evidence, importer, calendar, province, unit, tasks; task-service/README.md, "Packages"), and
 * task-service uses no other service's code (only events and platform). One resource class per URL root (issue 23):
 * every {@code /api/<root>…} is served by one class named for it.
 */
class PackageRulesTest {

    private static final JavaClasses TASK_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.task");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.duban.task.(*)..").should().beFreeOfCycles().check(TASK_SERVICE);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.duban.unit..", "org.duban.supervision..", "org.duban.notification..",
                        "org.duban.gateway..", "org.duban.province..", "org.duban.web..")
                .check(TASK_SERVICE);
    }

    /**
     * The one exception: an assignment's evidence files, {@code /api/assignments/{id}/evidence}, are evidence's, whose
     * upload is a Vert.x route that reads the multipart body with its own size limit before any resource runs
     * (task-service/README.md, "Packages"); that class names the full path as its root.
     */
    private static final Set<String> OWN_ROOT_OF_ANOTHER_FEATURE = Set.of("/api/assignments/{id}/evidence");

    @Test
    void oneResourceClassPerUrlRoot() {
        Map<String, Set<String>> classesByRoot = new TreeMap<>();
        TASK_SERVICE.stream().filter(c -> c.isAnnotatedWith(Path.class)).map(c -> c.reflect()).forEach(type -> {
            String classPath = "/" + strip(type.getAnnotation(Path.class).value());
            if (OWN_ROOT_OF_ANOTHER_FEATURE.contains(classPath)) {
                return;
            }
            Set<String> roots = new TreeSet<>();
            for (Method m : type.getDeclaredMethods()) {
                Path sub = m.getAnnotation(Path.class);
                roots.add(root(classPath + (sub == null ? "" : "/" + strip(sub.value()))));
            }
            roots.add(root(classPath));
            roots.remove(""); // a class at /api alone names its roots on its methods
            roots.forEach(r -> classesByRoot.computeIfAbsent(r, k -> new TreeSet<>()).add(type.getName()));
        });
        Map<String, Set<String>> shared = new TreeMap<>(classesByRoot);
        shared.values().removeIf(classes -> classes.size() == 1);
        assertEquals(Map.of(), shared, "URL roots served by more than one resource class: " + classesByRoot);
        // and named for it: tasks → TaskResource, provincial-tasks → ProvincialTaskResource
        Map<String, String> misnamed = new TreeMap<>();
        classesByRoot.forEach((root, classes) -> {
            String simple = classes.iterator().next().replaceAll(".*\\.", "");
            if (!simple.equals(nameFor(root))) {
                misnamed.put(root, simple);
            }
        });
        assertEquals(Map.of(), misnamed, "resource classes not named for their URL root");
    }

    /** The first segment after {@code /api}: {@code /api/tasks/{id}/cadence} → {@code tasks}. */
    private static String root(String path) {
        String[] segments = strip(path).split("/+");
        return segments.length > 1 && segments[0].equals("api") ? segments[1] : segments.length == 1 && segments[0].equals("api") ? "" : segments[0];
    }

    private static String nameFor(String root) {
        StringBuilder name = new StringBuilder();
        for (String word : root.split("-")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        if (name.charAt(name.length() - 1) == 's') {
            name.setLength(name.length() - 1);
        }
        return name + "Resource";
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
