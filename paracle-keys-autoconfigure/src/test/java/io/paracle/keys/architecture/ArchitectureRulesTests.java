package io.paracle.keys.architecture;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each of the {@link ArchitectureRules} reports the fixture that breaks it and passes on the one that keeps it.
 * Only fixture packages ({@code io.paracle.keys.architecture.fixtures}) are imported.
 *
 * @author paracle-keys
 */
class ArchitectureRulesTests {

	private static final String FIXTURES = "io.paracle.keys.architecture.fixtures";

	@Test
	void packagesAreFreeOfCyclesReportsACycleBetweenSiblingPackages() {
		ArchRule rule = ArchitectureRules.packagesAreFreeOfCycles(FIXTURES + ".cycle.siblings");
		assertThat(violations(rule, "cycle.siblings")).contains("Slice a", "Slice b");
	}

	@Test
	void packagesAreFreeOfCyclesReportsACycleBetweenAPackageAndItsSubPackage() {
		ArchRule rule = ArchitectureRules.packagesAreFreeOfCycles(FIXTURES + ".cycle.nested");
		assertThat(violations(rule, "cycle.nested")).contains("Slice parent", "Slice parent.child");
	}

	@Test
	void packagesAreFreeOfCyclesPassesOnOneWayDependencies() {
		ArchRule rule = ArchitectureRules.packagesAreFreeOfCycles(FIXTURES + ".cycle.acyclic");
		assertPasses(rule, "cycle.acyclic");
	}

	@Test
	void packageImportsOnlyReportsADependencyOutsideTheAllowedPackages() {
		ArchRule rule = ArchitectureRules.packageImportsOnly(FIXTURES + ".cycle.acyclic", "a", List.of());
		assertThat(violations(rule, "cycle.acyclic")).contains(FIXTURES + ".cycle.acyclic.a.")
			.contains(FIXTURES + ".cycle.acyclic.b.");
	}

	@Test
	void packageImportsOnlyPassesWhenTheDependencyIsAllowed() {
		assertPasses(ArchitectureRules.packageImportsOnly(FIXTURES + ".cycle.acyclic", "a", List.of("b")),
				"cycle.acyclic");
	}

	@Test
	void autoConfigurationsArePublicAndFinalReportsNotFinalAndNotPublicClasses() {
		ArchRule rule = ArchitectureRules.autoConfigurationsArePublicAndFinal();
		assertThat(violations(rule, "autoconfiguration.bad")).contains("NotFinalAutoConfiguration")
			.contains("PackagePrivateAutoConfiguration")
			.doesNotContain("PublicMembersAutoConfiguration");
	}

	@Test
	void autoConfigurationsArePublicAndFinalPassesOnPublicFinalClasses() {
		assertPasses(ArchitectureRules.autoConfigurationsArePublicAndFinal(), "autoconfiguration.good");
	}

	@Test
	void autoConfigurationsHaveNoPublicMembersReportsPublicConstructorFieldAndMethod() {
		ArchRule rule = ArchitectureRules.autoConfigurationsHaveNoPublicMembers();
		assertThat(violations(rule, "autoconfiguration.bad"))
			.contains("PublicMembersAutoConfiguration.<init>(java.lang.String)")
			.contains("PublicMembersAutoConfiguration.publicField")
			.contains("PublicMembersAutoConfiguration.publicBeanMethod()")
			.doesNotContain("NotFinalAutoConfiguration.<init>()");
	}

	@Test
	void autoConfigurationsHaveNoPublicMembersPassesOnDefaultConstructorsAndInterfaceMethods() {
		assertPasses(ArchitectureRules.autoConfigurationsHaveNoPublicMembers(), "autoconfiguration.good");
	}

	@Test
	void beanMethodsHaveNoClassConditionsReportsConditionalOnClassAndOnMissingClass() {
		ArchRule rule = ArchitectureRules.beanMethodsHaveNoClassConditions();
		assertThat(violations(rule, "classcondition.bad")).contains("onClass()> is annotated with @ConditionalOnClass")
			.contains("onMissingClass()> is annotated with @ConditionalOnMissingClass");
	}

	@Test
	void beanMethodsHaveNoClassConditionsPassesOnAClassConditionOnTheConfiguration() {
		assertPasses(ArchitectureRules.beanMethodsHaveNoClassConditions(), "classcondition.good");
	}

	@Test
	void conditionsAreNotPublicReportsPublicConditions() {
		ArchRule rule = ArchitectureRules.conditionsAreNotPublic();
		assertThat(violations(rule, "condition.bad")).contains("PublicCondition")
			.contains("PublicSpringBootCondition")
			.contains("PublicNestedCondition");
	}

	@Test
	void conditionsAreNotPublicPassesOnPackagePrivateConditionsAndAbstractBases() {
		assertPasses(ArchitectureRules.conditionsAreNotPublic(), "condition.good");
	}

	@Test
	void postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironmentReportsBeansAndInstanceMethods() {
		ArchRule rule = ArchitectureRules.postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironment();
		assertThat(violations(rule, "postprocessor.bad"))
			.contains("registrarTakingABean(java.lang.Runnable)> takes java.lang.Runnable")
			.contains("factoryPostProcessorTakingABean(org.springframework.core.env.Environment, "
					+ "java.lang.Runnable)> takes java.lang.Runnable")
			.doesNotContain("> takes org.springframework.core.env.Environment")
			.contains("instanceBeanPostProcessor(org.springframework.core.env.Environment)> does not have modifier STATIC");
	}

	@Test
	void postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironmentPassesOnStaticEnvironmentOnlyMethods() {
		assertPasses(ArchitectureRules.postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironment(),
				"postprocessor.good");
	}

	@Test
	void propertiesAreUsedOnlyByAutoConfigurationReportsAComponentUsingThem() {
		ArchRule rule = propertiesRule();
		String violations = violations(rule, "properties");
		assertThat(violations).contains("FixtureComponent.<init>(" + FIXTURES
				+ ".properties.config.FixtureProperties$Nested)> has parameter of type");
		assertThat(violations.lines().filter((line) -> line.contains(FIXTURES)))
			.allMatch((line) -> line.startsWith("Constructor <" + FIXTURES + ".properties.component.FixtureComponent")
					|| line.startsWith("Method <" + FIXTURES + ".properties.component.FixtureComponent"));
	}

	@Test
	void propertiesAreUsedOnlyByAutoConfigurationPassesOnAutoConfigurationItsPackageAndBootstrapCode() {
		assertPasses(propertiesRule(), "properties.config", "properties.autoconfigure", "properties.bootstrap",
				"properties.integration");
	}

	@Test
	void propertiesRuleAllowsFurtherPackagesOnlyWhenNamed() {
		ArchRule narrow = ArchitectureRules.propertiesAreUsedOnlyByAutoConfiguration(
				FIXTURES + ".properties.config.FixtureProperties", FIXTURES + ".properties.autoconfigure");
		assertThat(violations(narrow, "properties.component")).contains("FixtureComponent");
		assertPasses(ArchitectureRules.propertiesAreUsedOnlyByAutoConfiguration(
				FIXTURES + ".properties.config.FixtureProperties", FIXTURES + ".properties.autoconfigure",
				FIXTURES + ".properties.component"), "properties.component");
	}

	@Test
	void noClassesCallObjectsRequireNonNullReportsCallsWithAMessage() {
		ArchRule rule = ArchitectureRules.noClassesCallObjectsRequireNonNull();
		assertThat(violations(rule, "requirenonnull.bad"))
			.contains("calls method <java.util.Objects.requireNonNull(java.lang.Object, java.lang.String)>")
			.contains("calls method <java.util.Objects.requireNonNull(java.lang.Object, java.util.function.Supplier)>");
	}

	@Test
	void noClassesCallObjectsRequireNonNullPassesOnAssertAndBoundMethodReferences() {
		assertPasses(ArchitectureRules.noClassesCallObjectsRequireNonNull(), "requirenonnull.good");
	}

	@Test
	void packagesAreNullMarkedReportsAPackageWithoutPackageInfo() {
		ArchRule rule = ArchitectureRules.packagesAreNullMarked();
		assertThat(violations(rule, "nullmarked.unmarked")).contains("package " + FIXTURES
				+ ".nullmarked.unmarked has no package-info.java annotated with @NullMarked");
	}

	@Test
	void packagesAreNullMarkedPassesOnANullMarkedPackage() {
		assertPasses(ArchitectureRules.packagesAreNullMarked(), "nullmarked.marked");
	}

	private static ArchRule propertiesRule() {
		return ArchitectureRules.propertiesAreUsedOnlyByAutoConfiguration(
				FIXTURES + ".properties.config.FixtureProperties", FIXTURES + ".properties.autoconfigure");
	}

	private static String violations(ArchRule rule, String... fixturePackages) {
		EvaluationResult result = rule.evaluate(fixtures(fixturePackages));
		assertThat(result.hasViolation()).as("violation of '%s'", rule.getDescription()).isTrue();
		return String.join("\n", result.getFailureReport().getDetails());
	}

	private static void assertPasses(ArchRule rule, String... fixturePackages) {
		EvaluationResult result = rule.evaluate(fixtures(fixturePackages));
		assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
	}

	private static JavaClasses fixtures(String... fixturePackages) {
		String[] packages = Arrays.stream(fixturePackages).map((name) -> FIXTURES + "." + name).toArray(String[]::new);
		JavaClasses classes = new ClassFileImporter().importPackages(packages);
		assertThat(classes).as("fixture classes in %s", Arrays.toString(packages)).isNotEmpty();
		return classes;
	}

}
