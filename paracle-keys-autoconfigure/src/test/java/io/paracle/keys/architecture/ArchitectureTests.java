package io.paracle.keys.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * {@link ArchitectureRules} on the main classes of paracle-keys, one test per rule so that a failing rule does
 * not hide the others. Test classes (the rule fixtures among them) are not imported. The cycle and properties
 * rules report today's packages until the package refactoring of issue 18 lands.
 *
 * @author paracle-keys
 */
@AnalyzeClasses(packages = ArchitectureRules.ROOT_PACKAGE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	void packagesAreFreeOfCycles(JavaClasses classes) {
		ArchitectureRules.packagesAreFreeOfCycles(ArchitectureRules.ROOT_PACKAGE).check(classes);
	}

	@ArchTest
	void packagesImportOnlyWhatThePackageMapAllows(JavaClasses classes) {
		ArchitectureRules.PACKAGE_MAP.forEach((name, allowed) -> ArchitectureRules
			.packageImportsOnly(ArchitectureRules.ROOT_PACKAGE, name, allowed)
			.check(classes));
	}

	@ArchTest
	void autoConfigurationsArePublicAndFinal(JavaClasses classes) {
		ArchitectureRules.autoConfigurationsArePublicAndFinal().check(classes);
	}

	@ArchTest
	void autoConfigurationsHaveNoPublicMembers(JavaClasses classes) {
		ArchitectureRules.autoConfigurationsHaveNoPublicMembers().check(classes);
	}

	@ArchTest
	void beanMethodsHaveNoClassConditions(JavaClasses classes) {
		ArchitectureRules.beanMethodsHaveNoClassConditions().check(classes);
	}

	@ArchTest
	void conditionsAreNotPublic(JavaClasses classes) {
		ArchitectureRules.conditionsAreNotPublic().check(classes);
	}

	@ArchTest
	void postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironment(JavaClasses classes) {
		ArchitectureRules.postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironment().check(classes);
	}

	@ArchTest
	void paraclePropertiesAreUsedOnlyByAutoConfiguration(JavaClasses classes) {
		ArchitectureRules.paraclePropertiesAreUsedOnlyByAutoConfiguration().check(classes);
	}

	@ArchTest
	void groupPropertiesAreUsedOnlyWhereDeclared(JavaClasses classes) {
		ArchitectureRules.groupPropertiesAreUsedOnlyWhereDeclared().forEach((rule) -> rule.check(classes));
	}

	@ArchTest
	void noClassesCallObjectsRequireNonNull(JavaClasses classes) {
		ArchitectureRules.noClassesCallObjectsRequireNonNull().check(classes);
	}

	@ArchTest
	void packagesAreNullMarked(JavaClasses classes) {
		ArchitectureRules.packagesAreNullMarked().check(classes);
	}

}
