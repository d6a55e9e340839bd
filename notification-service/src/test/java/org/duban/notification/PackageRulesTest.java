package org.duban.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: notification-service's feature packages depend on each other in one direction only — the consumers and
 * their handlers ({@code trigger}) on top, then the work queue, the ladder and the calendar notices, then
 * {@code delivery}, then the notice vocabulary ({@code notice}), recipients and configuration — and the service uses
 * no other service's code (only events and platform).
 */
class PackageRulesTest {

    private static final JavaClasses NOTIFICATION_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.notification");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.duban.notification.(*)..").should().beFreeOfCycles().check(NOTIFICATION_SERVICE);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.duban.task..", "org.duban.supervision..", "org.duban.unit..",
                        "org.duban.gateway..", "org.duban.province..", "org.duban.web..")
                .check(NOTIFICATION_SERVICE);
    }
}
