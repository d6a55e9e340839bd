package org.duban.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: the published language every service shares depends on the JDK and Jackson and nothing else — no Quarkus,
 * no platform, no service — so any consumer (a service, a test, a benchmark) can read and write events.
 */
class EventsDependencyTest {

    private static final JavaClasses EVENTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.events");

    @Test
    void eventsUseOnlyTheJdkAndJackson() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("org.duban.events..", "java..", "com.fasterxml.jackson..")
                .check(EVENTS);
    }
}
