package io.paracle.keys.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.paracle.keys.secrets.SecretStoreProperties.Backend;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.BootstrapRegistry.Scope;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Brings the store chosen with {@code paracle.secrets.backend} into the environment, so that a profile file of
 * one line ({@code paracle.secrets.backend: aws}) is enough:
 * <ul>
 * <li>{@code vault}: the config import {@code vault://<paracle.secrets.vault.path>}, with
 * {@code spring.cloud.vault.fail-fast=true} unless set, so that an unreachable Vault fails a re-read instead of
 * emptying the source, and {@code spring.cloud.vault.config.lifecycle.enabled=false} unless set or the application
 * imports Vault itself (a KV secret has no lease to renew);</li>
 * <li>{@code aws}: the config import {@code aws-secretsmanager:<paracle.secrets.aws.secret-id>};</li>
 * <li>{@code azure}: a Key Vault property source for {@code paracle.secrets.azure.vault-url} (background refresh
 * off, the starter re-reads on its own schedule), unless {@code spring.cloud.azure.keyvault.secret.property-sources}
 * already lists a vault.</li>
 * </ul>
 * The imports go through the libraries' own code (Boot's config data processing with their resolvers and loaders,
 * Spring Cloud Azure's post-processor) and the real bootstrap context, so their clients are registered as usual.
 * Imported sources sit where config imports sit: below command line, system properties and OS environment, above
 * the application's config files.
 * <p>
 * The stores that were not chosen and are not configured otherwise are switched off with lowest-precedence
 * defaults, so all three libraries can share a classpath. A chosen store whose library is missing fails startup
 * naming the artifact to add.
 * <p>
 * Runs after Boot's config data processing (a profile file usually holds the backend) and after Spring Cloud
 * Azure's own post-processor, and again on every {@code ContextRefresher.refresh()}, which re-runs all
 * post-processors on a fresh copy of the environment: that is how the stores are re-read.
 *
 * @author paracle-keys
 */
public class SecretStoreEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Order: after config data ({@code HIGHEST_PRECEDENCE + 10}) and Spring Cloud Azure's
	 * {@code KeyVaultEnvironmentPostProcessor} ({@code + 11}).
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 2;

	/** Name of the lowest-precedence source holding the switch-offs and store defaults. */
	public static final String DEFAULTS_SOURCE_NAME = "paracle-secrets-defaults";

	static final String IMPORT_SOURCE_NAME = "paracle-secrets-import";

	static final String VAULT_ENABLED = "spring.cloud.vault.enabled";

	static final String VAULT_FAIL_FAST = "spring.cloud.vault.fail-fast";

	static final String VAULT_CONFIG_LIFECYCLE = "spring.cloud.vault.config.lifecycle.enabled";

	static final String AWS_ENABLED = "spring.cloud.aws.secretsmanager.enabled";

	static final String AZURE_ENABLED = "spring.cloud.azure.keyvault.secret.property-source-enabled";

	/** An optional location without files: the temporary environment must not load application.yml again. */
	private static final String NO_CONFIG_FILES = "optional:classpath:/paracle-secrets-none/";

	private static final String ATTACHED = "configurationProperties";

	private final DeferredLogFactory logFactory;

	private final Log logger;

	private final ConfigurableBootstrapContext bootstrapContext;

	/**
	 * Create a new instance.
	 * @param logFactory factory of loggers that replay once logging is ready
	 * @param bootstrapContext the bootstrap context the store libraries register their clients in
	 */
	public SecretStoreEnvironmentPostProcessor(DeferredLogFactory logFactory,
			ConfigurableBootstrapContext bootstrapContext) {
		this.logFactory = logFactory;
		this.logger = logFactory.getLog(SecretStoreEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment,
			@Nullable SpringApplication application) {
		SecretStoreProperties secrets = Binder.get(environment)
			.bindOrCreate("paracle.secrets", SecretStoreProperties.class);
		Backend backend = secrets.getBackend();
		ClassLoader classLoader = classLoader(application);
		SecretStoreLibrary.check(backend, classLoader);
		addDefaults(environment, defaults(environment, backend, classLoader));
		switch (backend) {
			case VAULT, AWS -> importStore(environment, application, secrets);
			case AZURE -> importKeyVault(environment, application, secrets);
			case ENV -> {
			}
		}
	}

	/**
	 * Switch off the stores that were not chosen and are not configured, and set the chosen store's defaults.
	 */
	private Map<String, Object> defaults(ConfigurableEnvironment environment, Backend backend,
			@Nullable ClassLoader classLoader) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		Binder binder = Binder.get(environment);
		if (backend != Backend.VAULT && SecretStoreLibrary.VAULT.isPresent(classLoader)
				&& !isConfigured(environment, "spring.cloud.vault", "vault:")) {
			defaults.put(VAULT_ENABLED, "false");
		}
		if (backend == Backend.VAULT) {
			if (!binder.bind(VAULT_FAIL_FAST, Boolean.class).isBound()) {
				defaults.put(VAULT_FAIL_FAST, "true");
			}
			if (!binder.bind(VAULT_CONFIG_LIFECYCLE, Boolean.class).isBound() && !importsStore(environment, "vault:")) {
				// KV secrets have no lease to renew, and a leasing source registers a listener with the lease
				// container on every re-read that is never removed.
				defaults.put(VAULT_CONFIG_LIFECYCLE, "false");
			}
		}
		if (backend != Backend.AWS && SecretStoreLibrary.AWS.isPresent(classLoader)
				&& !isConfigured(environment, "spring.cloud.aws.secretsmanager", "aws-secretsmanager:")) {
			defaults.put(AWS_ENABLED, "false");
		}
		if (backend != Backend.AZURE && SecretStoreLibrary.AZURE.isPresent(classLoader)
				&& !isConfigured(environment, "spring.cloud.azure.keyvault.secret", null)) {
			defaults.put(AZURE_ENABLED, "false");
		}
		return defaults;
	}

	/**
	 * Return whether the application configures a store itself: properties under its prefix, or a config import
	 * of its own.
	 */
	private static boolean isConfigured(ConfigurableEnvironment environment, String prefix,
			@Nullable String importPrefix) {
		Map<String, Object> properties = Binder.get(environment)
			.bind(prefix, Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		return !properties.isEmpty() || (importPrefix != null && importsStore(environment, importPrefix));
	}

	private static boolean importsStore(ConfigurableEnvironment environment, String importPrefix) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (ATTACHED.equals(source.getName()) || IMPORT_SOURCE_NAME.equals(source.getName())
					|| !(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
				if (normalized.startsWith("spring.config.import")) {
					Object value = enumerable.getProperty(name);
					if (value != null && value.toString().contains(importPrefix)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static void addDefaults(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		if (defaults.isEmpty()) {
			return;
		}
		MapPropertySource source = new MapPropertySource(DEFAULTS_SOURCE_NAME, defaults);
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(DEFAULTS_SOURCE_NAME)) {
			sources.replace(DEFAULTS_SOURCE_NAME, source);
		}
		else {
			sources.addLast(source);
		}
	}

	/**
	 * Import a Vault or AWS store: Boot's config data processing for just that location, on a temporary
	 * environment that sees every real property source (so the store's connection settings, wherever they are,
	 * apply) but no config files, then the new sources copied into the real environment.
	 */
	private void importStore(ConfigurableEnvironment environment, @Nullable SpringApplication application,
			SecretStoreProperties secrets) {
		String location = SecretStores.importLocation(secrets);
		String sourceName = SecretStores.sourceName(secrets);
		if (environment.getPropertySources().contains(sourceName)) {
			this.logger.debug("Not importing " + location + ": the application imports it itself");
			return;
		}
		Map<String, Object> trigger = new LinkedHashMap<>();
		trigger.put("spring.config.import", location);
		trigger.put("spring.config.location", NO_CONFIG_FILES);
		trigger.put("spring.config.additional-location", NO_CONFIG_FILES);
		StandardEnvironment temporary = temporaryCopy(environment, new MapPropertySource(IMPORT_SOURCE_NAME, trigger));
		ConfigDataEnvironmentPostProcessor.applyTo(temporary, resourceLoader(application), this.bootstrapContext,
				List.of(environment.getActiveProfiles()));
		List<String> added = copyNewSources(temporary, environment);
		registerBinder(environment);
		// DEBUG: this runs again on every re-read; the resolver reports where each key came from at startup.
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Imported " + location + " (paracle.secrets.backend="
					+ SecretStores.propertyValue(secrets.getBackend()) + ") as " + added);
		}
	}

	private void importKeyVault(ConfigurableEnvironment environment, @Nullable SpringApplication application,
			SecretStoreProperties secrets) {
		if (KeyVaultImport.isConfiguredByApplication(environment)) {
			this.logger.debug("Not adding a Key Vault property source: "
					+ "spring.cloud.azure.keyvault.secret.property-sources lists a vault already");
			return;
		}
		String vaultUrl = secrets.getAzure().getVaultUrl();
		if (vaultUrl == null || vaultUrl.isBlank()) {
			throw new SecretStoreConfigurationException(
					"paracle.secrets.backend is 'azure', but paracle.secrets.azure.vault-url is not set.",
					"Set paracle.secrets.azure.vault-url to the URL of your key vault, e.g. "
							+ "https://paracle-keys.vault.azure.net/, or list it yourself under "
							+ "spring.cloud.azure.keyvault.secret.property-sources.");
		}
		String sourceName = SecretStores.sourceName(secrets);
		MapPropertySource settings = KeyVaultImport.settings(environment, IMPORT_SOURCE_NAME, vaultUrl.strip(),
				sourceName);
		StandardEnvironment temporary = temporaryCopy(environment, settings);
		KeyVaultImport.apply(temporary, application, this.logFactory, this.bootstrapContext, settings);
		List<String> added = copyNewSources(temporary, environment);
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Added Key Vault " + vaultUrl + " (paracle.secrets.backend=azure) as " + added);
		}
	}

	/**
	 * A new environment holding the given source first, then every source of the real environment (the same
	 * objects), so libraries bind their settings from the real configuration.
	 */
	private static StandardEnvironment temporaryCopy(ConfigurableEnvironment environment, PropertySource<?> first) {
		StandardEnvironment temporary = new StandardEnvironment();
		MutablePropertySources sources = temporary.getPropertySources();
		for (PropertySource<?> source : sources.stream().toList()) {
			sources.remove(source.getName());
		}
		sources.addFirst(first);
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!ATTACHED.equals(source.getName())) {
				sources.addLast(source);
			}
		}
		temporary.setConversionService(environment.getConversionService());
		return temporary;
	}

	/**
	 * Copy the sources the temporary environment gained into the real one, in their order, right below the
	 * OS environment (where Boot puts config imports and Spring Cloud Azure its vaults).
	 */
	private static List<String> copyNewSources(StandardEnvironment temporary, ConfigurableEnvironment environment) {
		MutablePropertySources target = environment.getPropertySources();
		List<PropertySource<?>> added = new ArrayList<>();
		for (PropertySource<?> source : temporary.getPropertySources()) {
			String name = source.getName();
			if (!IMPORT_SOURCE_NAME.equals(name) && !ATTACHED.equals(name) && target.get(name) != source) {
				added.add(source);
			}
		}
		String anchor = firstPresent(target, StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
				CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		List<String> names = new ArrayList<>();
		for (PropertySource<?> source : added) {
			String name = source.getName();
			if (target.contains(name)) {
				target.replace(name, source);
			}
			else if (anchor == null) {
				target.addFirst(source);
			}
			else {
				target.addAfter(anchor, source);
			}
			anchor = name;
			names.add(name);
		}
		return names;
	}

	private static @Nullable String firstPresent(MutablePropertySources sources, String... names) {
		for (String name : names) {
			if (sources.contains(name)) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Config data processing registered a binder over the temporary environment in the bootstrap context; later
	 * users of the bootstrap context get one over the real environment instead.
	 */
	private void registerBinder(ConfigurableEnvironment environment) {
		this.bootstrapContext.register(Binder.class,
				InstanceSupplier.from(() -> Binder.get(environment)).withScope(Scope.PROTOTYPE));
	}

	private static @Nullable ClassLoader classLoader(@Nullable SpringApplication application) {
		return (application != null) ? application.getClassLoader() : ClassUtils.getDefaultClassLoader();
	}

	private static ResourceLoader resourceLoader(@Nullable SpringApplication application) {
		if (application != null && application.getResourceLoader() != null) {
			return application.getResourceLoader();
		}
		return new DefaultResourceLoader(classLoader(application));
	}

}
