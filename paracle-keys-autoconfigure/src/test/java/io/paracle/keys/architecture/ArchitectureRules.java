package io.paracle.keys.architecture;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ClassesTransformer;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The architecture rules of paracle-keys, after Spring Boot's own ({@code ArchitectureRules} in its build). Each
 * method returns one rule; {@link ArchitectureTests} checks them on the main classes and
 * {@code ArchitectureRulesTests} proves on fixtures that each can fail.
 *
 * @author paracle-keys
 */
final class ArchitectureRules {

	/** Root package of the main classes. */
	static final String ROOT_PACKAGE = "io.paracle.keys";

	/** The configuration properties class; update here when it moves. */
	static final String PROPERTIES_CLASS = "io.paracle.keys.config.ParacleProperties";

	/** Package of the auto-configuration classes, the only code besides bootstrap code that reads the properties. */
	static final String AUTOCONFIGURE_PACKAGE = "io.paracle.keys.autoconfigure";

	/** Package of {@link #PROPERTIES_CLASS}, which holds the group properties classes below. */
	static final String CONFIG_PACKAGE = "io.paracle.keys.config";

	/**
	 * Group properties classes that bind where they are declared: the mutable JavaBeans of
	 * {@code paracle.providers.<name>} and {@code paracle.secrets}, read by their own package (resolution turns
	 * the first into immutable {@code ProviderSettings}), held by {@link #PROPERTIES_CLASS}, applied by the
	 * auto-configuration.
	 */
	static final List<String> GROUP_PROPERTIES_CLASSES = List.of("io.paracle.keys.resolve.ProviderProperties",
			"io.paracle.keys.secrets.SecretStoreProperties", "io.paracle.keys.route.RouteProperties",
			"io.paracle.keys.sharedstate.SharedStateProperties");

	private static final String AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.AutoConfiguration";

	private static final String BEAN = "org.springframework.context.annotation.Bean";

	private static final String CONDITION = "org.springframework.context.annotation.Condition";

	private static final String ENVIRONMENT = "org.springframework.core.env.Environment";

	private static final String NULL_MARKED = "org.jspecify.annotations.NullMarked";

	private static final List<String> CLASS_CONDITIONS = List.of(
			"org.springframework.boot.autoconfigure.condition.ConditionalOnClass",
			"org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass");

	private static final List<String> POST_PROCESSORS = List.of(
			"org.springframework.beans.factory.config.BeanPostProcessor",
			"org.springframework.beans.factory.config.BeanFactoryPostProcessor");

	/** Code that runs before the context exists and so binds the properties itself. */
	private static final List<String> BOOTSTRAP_TYPES = List.of("org.springframework.boot.EnvironmentPostProcessor",
			"org.springframework.boot.context.config.ConfigDataLocationResolver");

	private ArchitectureRules() {
	}

	/**
	 * No cycles between the packages below {@code rootPackage}, each package a slice of its own ({@code (**)}, as
	 * in Spring Boot's build): {@code provider} and {@code provider.client} are two slices, so a cycle between a
	 * package and its sub-package counts, and a sub-package may sit on another layer than its parent
	 * ({@code provider.client} uses {@code metrics}, which uses the exceptions of {@code provider}). One slice per
	 * top-level package ({@code (*)..}) would miss the first and report the second.
	 * @param rootPackage the package whose sub-packages are checked
	 * @return the rule
	 */
	static ArchRule packagesAreFreeOfCycles(String rootPackage) {
		return SlicesRuleDefinition.slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
	}

	/**
	 * The package map of docs/architecture.md: what each package may import of the project, bottom to top. A
	 * package's sub-packages are separate rows; {@code autoconfigure} may import everything and has no row.
	 */
	static final Map<String, List<String>> PACKAGE_MAP = packageMap();

	private static Map<String, List<String>> packageMap() {
		Map<String, List<String>> map = new LinkedHashMap<>();
		map.put("catalog", List.of());
		map.put("resolve", List.of("catalog"));
		map.put("refresh", List.of("resolve"));
		map.put("rotation", List.of("refresh", "resolve"));
		map.put("resilience", List.of("resolve"));
		map.put("provider", List.of("catalog", "resolve"));
		map.put("route", List.of("catalog", "provider", "resolve"));
		map.put("metrics", List.of("provider", "resilience", "resolve", "rotation", "route"));
		map.put("provider.client", List.of("catalog", "metrics", "provider", "refresh", "resilience", "resolve"));
		map.put("logging", List.of("catalog", "resolve"));
		map.put("secrets", List.of("actuate", "refresh", "resolve", "rotation"));
		map.put("sharedstate", List.of("actuate", "refresh", "resilience", "resolve"));
		map.put("actuate", List.of("catalog", "config", "logging", "metrics", "provider", "refresh", "resilience",
				"resolve", "rotation", "route"));
		map.put("config", List.of("metrics", "provider", "resolve", "route"));
		map.put("langchain4j", List.of("catalog", "config", "metrics", "provider", "provider.client", "resolve"));
		map.put("springai", List.of("catalog", "metrics", "provider", "provider.client", "resolve"));
		return map;
	}

	/**
	 * The classes of one package (sub-packages excluded) depend on no class of the project outside that package
	 * and the allowed ones (each without its sub-packages).
	 * @param rootPackage the root package of the project
	 * @param packageName the package, relative to the root
	 * @param allowed the packages it may import, relative to the root
	 * @return the rule
	 */
	static ArchRule packageImportsOnly(String rootPackage, String packageName, List<String> allowed) {
		String home = rootPackage + "." + packageName;
		List<String> permitted = allowed.stream().map((name) -> rootPackage + "." + name).toList();
		DescribedPredicate<JavaClass> forbidden = describe(
				"are in " + rootPackage + " but not in " + home + " or " + permitted,
				(javaClass) -> isInPackage(javaClass, rootPackage) && !javaClass.getPackageName().equals(home)
						&& !permitted.contains(javaClass.getPackageName()));
		return ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage(home)
			.should()
			.dependOnClassesThat(forbidden)
			.because("docs/architecture.md says what " + packageName + " may import")
			.allowEmptyShould(true);
	}

	/**
	 * Auto-configuration classes are {@code public final}: public because the imports file names them, final
	 * because they are not an extension point.
	 * @return the rule
	 */
	static ArchRule autoConfigurationsArePublicAndFinal() {
		return ArchRuleDefinition.classes()
			.that()
			.areAnnotatedWith(AUTO_CONFIGURATION)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.allowEmptyShould(true);
	}

	/**
	 * Auto-configuration classes have no public members but what Java forces: the default constructor a class
	 * gets when it declares none (in byte code it cannot be told apart from a declared public no-argument one)
	 * and methods that implement or override a public method.
	 * @return the rule
	 */
	static ArchRule autoConfigurationsHaveNoPublicMembers() {
		return ArchRuleDefinition.members()
			.that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AUTO_CONFIGURATION)
			.and(describe("are not the default constructor", (member) -> !isNoArgumentConstructor(member)))
			.and(describe("do not override a public method", (member) -> !overridesPublicMethod(member)))
			.should()
			.notBePublic()
			.allowEmptyShould(true);
	}

	/**
	 * No {@code @ConditionalOnClass} or {@code @ConditionalOnMissingClass} on {@code @Bean} methods: the JVM
	 * loads the method signature with its class before the condition is read. Such conditions belong on a
	 * (nested) configuration class.
	 * @return the rule
	 */
	static ArchRule beanMethodsHaveNoClassConditions() {
		return ArchRuleDefinition.methods()
			.that()
			.areAnnotatedWith(BEAN)
			.should(check("not be annotated with a class condition", (method, events) -> {
				for (String condition : CLASS_CONDITIONS) {
					if (method.isAnnotatedWith(condition)) {
						violated(events, method, method.getDescription() + " is annotated with @"
								+ condition.substring(condition.lastIndexOf('.') + 1));
					}
				}
			}))
			.because("a class condition on a @Bean method does not prevent the method signature from being loaded;"
					+ " put it on a @Configuration class")
			.allowEmptyShould(true);
	}

	/**
	 * Conditions (every {@code Condition}, including Boot's {@code SpringBootCondition} and nested conditions) are
	 * not public: they are named only by the annotations next to them. Abstract bases are exempt, as in Boot.
	 * @return the rule
	 */
	static ArchRule conditionsAreNotPublic() {
		return ArchRuleDefinition.noClasses()
			.that()
			.areAssignableTo(CONDITION)
			.and()
			.areNotInterfaces()
			.and()
			.doNotHaveModifier(JavaModifier.ABSTRACT)
			.should()
			.bePublic()
			.allowEmptyShould(true);
	}

	/**
	 * {@code @Bean} methods of {@code BeanPostProcessor}s and {@code BeanFactoryPostProcessor}s (including
	 * {@code BeanDefinitionRegistryPostProcessor}s) are static and take only the {@code Environment} (or a
	 * subtype): Spring creates these beans before all others, so any other parameter would create its bean too
	 * early, unprocessed.
	 * @return the rule
	 */
	static ArchRule postProcessorBeanMethodsAreStaticAndTakeOnlyTheEnvironment() {
		return ArchRuleDefinition.methods()
			.that()
			.areAnnotatedWith(BEAN)
			.and()
			.haveRawReturnType(describe("a post-processor", ArchitectureRules::isPostProcessor))
			.should()
			.beStatic()
			.andShould(check("take only Environment parameters", (method, events) -> {
				for (JavaParameter parameter : method.getParameters()) {
					if (!parameter.getRawType().isAssignableTo(ENVIRONMENT)) {
						violated(events, method, method.getDescription() + " takes " + parameter.getRawType().getName()
								+ ", which creates that bean before the post-processors run");
					}
				}
			}))
			.allowEmptyShould(true);
	}

	/**
	 * The properties class of this project is used only where it is bound and applied.
	 * @return the rule for {@link #PROPERTIES_CLASS}
	 * @see #propertiesAreUsedOnlyByAutoConfiguration(String, String)
	 */
	static ArchRule paraclePropertiesAreUsedOnlyByAutoConfiguration() {
		return propertiesAreUsedOnlyByAutoConfiguration(PROPERTIES_CLASS, AUTOCONFIGURE_PACKAGE);
	}

	/**
	 * The group properties classes are read where they are declared, held by the root properties class and
	 * applied by the auto-configuration: the clients, key pools, limiters and refreshers take immutable settings.
	 * @return the rules, one per group properties class
	 * @see #GROUP_PROPERTIES_CLASSES
	 */
	static List<ArchRule> groupPropertiesAreUsedOnlyWhereDeclared() {
		return GROUP_PROPERTIES_CLASSES.stream()
			.map((name) -> propertiesAreUsedOnlyByAutoConfiguration(name, AUTOCONFIGURE_PACKAGE, CONFIG_PACKAGE))
			.toList();
	}

	/**
	 * A properties class (and its nested classes) is used only by the auto-configuration (the given package, and
	 * any class annotated with {@code @AutoConfiguration} with its nested classes), which hands the values to the
	 * components as plain arguments, by its own package, and by bootstrap code that must bind it itself
	 * before there is a context ({@code EnvironmentPostProcessor} and {@code ConfigDataLocationResolver}
	 * implementations, with their nested classes and lambdas).
	 * @param propertiesClass the fully qualified name of the properties class
	 * @param autoConfigurationPackage the package of the auto-configuration (sub-packages included)
	 * @param otherPackages further packages (without sub-packages) that may use it
	 * @return the rule
	 */
	static ArchRule propertiesAreUsedOnlyByAutoConfiguration(String propertiesClass, String autoConfigurationPackage,
			String... otherPackages) {
		String propertiesPackage = propertiesClass.substring(0, propertiesClass.lastIndexOf('.'));
		List<String> allowed = List.of(otherPackages);
		DescribedPredicate<JavaClass> others = describe(
				"are outside " + autoConfigurationPackage + ".. and " + propertiesPackage
						+ (allowed.isEmpty() ? "" : " and " + String.join(" and ", allowed)) + " and no bootstrap code",
				(javaClass) -> !javaClass.getPackageName().equals(propertiesPackage)
						&& !allowed.contains(javaClass.getPackageName())
						&& !isInPackage(javaClass, autoConfigurationPackage) && !isOrIsNestedInAutoConfiguration(javaClass)
						&& !isOrIsNestedInBootstrapType(javaClass));
		DescribedPredicate<JavaClass> properties = describe("are " + propertiesClass + " or nested in it",
				(javaClass) -> javaClass.getName().equals(propertiesClass)
						|| javaClass.getName().startsWith(propertiesClass + "$"));
		return ArchRuleDefinition.noClasses()
			.that(others)
			.should()
			.dependOnClassesThat(properties)
			.because("components take their settings as constructor arguments from the auto-configuration")
			.allowEmptyShould(true);
	}

	/**
	 * Spring's {@code Assert.notNull} rather than {@code Objects.requireNonNull} with a message. The one-argument
	 * {@code requireNonNull(Object)} is not checked: javac emits calls to it for bound method references
	 * ({@code expression::method}), so the rule would report code that never names it.
	 * @return the rule
	 */
	static ArchRule noClassesCallObjectsRequireNonNull() {
		return ArchRuleDefinition.noClasses()
			.should()
			.callMethod(Objects.class, "requireNonNull", Object.class, String.class)
			.orShould()
			.callMethod(Objects.class, "requireNonNull", Object.class, Supplier.class)
			.because("org.springframework.util.Assert.notNull(Object, String) should be used instead")
			.allowEmptyShould(true);
	}

	/**
	 * Every package has a {@code package-info.java} annotated with JSpecify's {@code @NullMarked}.
	 * @return the rule
	 */
	static ArchRule packagesAreNullMarked() {
		return ArchRuleDefinition.all(packages())
			.should(check("be annotated with @NullMarked", (javaPackage, events) -> {
				if (!javaPackage.isAnnotatedWith(NULL_MARKED)) {
					violated(events, javaPackage,
							"package " + javaPackage.getName() + " has no package-info.java annotated with @NullMarked");
				}
			}))
			.allowEmptyShould(true);
	}

	private static ClassesTransformer<JavaPackage> packages() {
		return new AbstractClassesTransformer<>("packages") {

			@Override
			public Iterable<JavaPackage> doTransform(JavaClasses classes) {
				Set<JavaPackage> packages = new LinkedHashSet<>();
				classes.forEach((javaClass) -> packages.add(javaClass.getPackage()));
				return packages;
			}

		};
	}

	private static boolean isNoArgumentConstructor(JavaMember member) {
		return member instanceof JavaConstructor constructor && constructor.getRawParameterTypes().isEmpty();
	}

	private static boolean overridesPublicMethod(JavaMember member) {
		if (!(member instanceof JavaMethod method)) {
			return false;
		}
		JavaClass owner = method.getOwner();
		return owner.getAllRawSuperclasses().stream().anyMatch((type) -> declaresPublic(type, method))
				|| owner.getAllRawInterfaces().stream().anyMatch((type) -> declaresPublic(type, method));
	}

	private static boolean declaresPublic(JavaClass type, JavaCodeUnit method) {
		String[] parameterTypes = method.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
		return type.tryGetMethod(method.getName(), parameterTypes)
			.map((candidate) -> candidate.getModifiers().contains(JavaModifier.PUBLIC))
			.orElse(false);
	}

	private static boolean isPostProcessor(JavaClass type) {
		return POST_PROCESSORS.stream().anyMatch(type::isAssignableTo);
	}

	private static boolean isInPackage(JavaClass javaClass, String packageName) {
		String name = javaClass.getPackageName();
		return name.equals(packageName) || name.startsWith(packageName + ".");
	}

	/**
	 * An integration keeps its auto-configuration in its own package ({@code actuate}, {@code secrets},
	 * {@code metrics}, {@code logging}, later {@code springai}, {@code langchain4j}); the auto-configuration, its
	 * nested configurations and their lambdas may read the properties there too.
	 */
	private static boolean isOrIsNestedInAutoConfiguration(JavaClass javaClass) {
		for (JavaClass candidate = javaClass; candidate != null; candidate = candidate.getEnclosingClass()
			.orElse(null)) {
			if (candidate.isAnnotatedWith(AUTO_CONFIGURATION)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isOrIsNestedInBootstrapType(JavaClass javaClass) {
		for (JavaClass candidate = javaClass; candidate != null; candidate = candidate.getEnclosingClass()
			.orElse(null)) {
			JavaClass type = candidate;
			if (BOOTSTRAP_TYPES.stream().anyMatch(type::isAssignableTo)) {
				return true;
			}
		}
		return false;
	}

	private static <T> DescribedPredicate<T> describe(String description, Predicate<T> predicate) {
		return DescribedPredicate.describe(description, predicate);
	}

	private static <T> ArchCondition<T> check(String description, BiConsumer<T, ConditionEvents> check) {
		return new ArchCondition<>(description) {

			@Override
			public void check(T item, ConditionEvents events) {
				check.accept(item, events);
			}

		};
	}

	private static void violated(ConditionEvents events, Object item, String message) {
		events.add(SimpleConditionEvent.violated(item, message));
	}

}
