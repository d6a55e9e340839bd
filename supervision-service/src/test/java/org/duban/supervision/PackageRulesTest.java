package org.duban.supervision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: supervision-service's feature packages depend on each other in one direction only. The board
 * ({@code status}) issues rule cards ({@code warning}); cards tell the referral rule through their
 * {@code RedCardListener} port and check the work a card by hand names through {@code CardedWork} (both implemented
 * above them); disclosure reads the board, which hands report texts through {@code ReportTextSink}. The service uses no
 * other service's code (only events and platform).
 */
class PackageRulesTest {

    private static final JavaClasses SUPERVISION_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.supervision");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.duban.supervision.(*)..").should().beFreeOfCycles().check(SUPERVISION_SERVICE);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.duban.task..", "org.duban.notification..", "org.duban.unit..",
                        "org.duban.gateway..", "org.duban.province..", "org.duban.web..")
                .check(SUPERVISION_SERVICE);
    }
}
