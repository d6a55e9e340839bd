package org.duban.province;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue 23: province-gateway's feature packages depend on each other in one direction only — the wire format
 * ({@code message}: envelopes, the transport {@code Answer} and {@code Refusal}) and {@code signing} at the bottom,
 * {@code inbound}, {@code outbound} and {@code reconcile} above them — and the gateway uses no other service's code
 * (only events and platform).
 */
class PackageRulesTest {

    private static final JavaClasses PROVINCE_GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.duban.province");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.duban.province.(*)..").should().beFreeOfCycles().check(PROVINCE_GATEWAY);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.duban.task..", "org.duban.supervision..", "org.duban.notification..",
                        "org.duban.unit..", "org.duban.web..", "org.duban.provincesim..")
                .check(PROVINCE_GATEWAY);
    }
}
