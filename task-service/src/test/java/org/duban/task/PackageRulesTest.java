package org.duban.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: task-service's feature packages depend on each other in one direction only (bottom up: plan, deadline,
 * assignment, then evidence, importer, calendar, province, unit, tasks; task-service/README.md, "Packages"), and
 * task-service uses no other service's code (only events and platform).
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
}
