package org.duban.unit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: unit-service's feature packages (registry, group, resolve, importer, seed, audit, config) depend on
 * each other in one direction only, and unit-service uses no other service's code (only events and platform).
 */
class PackageRulesTest {

    private static final JavaClasses UNIT_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.unit");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.duban.unit.(*)..").should().beFreeOfCycles().check(UNIT_SERVICE);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.duban.task..", "org.duban.supervision..", "org.duban.notification..",
                        "org.duban.gateway..", "org.duban.province..")
                .check(UNIT_SERVICE);
    }
}
