package io.paracle.keys.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.spring.cloud.autoconfigure.implementation.keyvault.environment.KeyVaultEnvironmentPostProcessor;
import com.azure.spring.cloud.autoconfigure.implementation.keyvault.environment.KeyVaultOperation;
import com.azure.spring.cloud.autoconfigure.implementation.keyvault.environment.KeyVaultPropertySource;
import com.azure.spring.cloud.autoconfigure.implementation.keyvault.secrets.properties.AzureKeyVaultPropertySourceProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Adds a Key Vault property source through Spring Cloud Azure's own {@code KeyVaultEnvironmentPostProcessor}
 * (which also takes a {@code TokenCredential} from the bootstrap context). Loaded only when Spring Cloud Azure is
 * on the classpath.
 *
 * @author paracle-keys
 */
final class KeyVaultImport {

	static final String POST_PROCESSOR = "com.azure.spring.cloud.autoconfigure.implementation.keyvault.environment."
			+ "KeyVaultEnvironmentPostProcessor";

	private static final String PREFIX = "spring.cloud.azure.keyvault.secret.";

	private static final String SOURCES = PREFIX + "property-sources";

	private static final String FIRST = SOURCES + "[0].";

	private static final Bindable<List<Map<String, String>>> SOURCE_LIST = Bindable
		.of(ResolvableType.forClassWithGenerics(List.class,
				ResolvableType.forClassWithGenerics(Map.class, String.class, String.class)));

	private KeyVaultImport() {
	}

	/**
	 * Return whether the application lists a vault itself (a property source with an endpoint); Spring Cloud
	 * Azure's post-processor has added it already.
	 */
	static boolean isConfiguredByApplication(ConfigurableEnvironment environment) {
		List<Map<String, String>> sources = Binder.get(environment).bind(SOURCES, SOURCE_LIST).orElse(List.of());
		return sources.stream().anyMatch((source) -> StringUtils.hasText(source.get("endpoint")));
	}

	/**
	 * The settings of one Key Vault property source: the application's own
	 * {@code property-sources[0].*} settings (retry, credential, ...), the vault URL, a name that tells the vault,
	 * and no background refresh unless set (the starter re-reads on its schedule; Spring Cloud Azure's refresh
	 * timer stops for good on its first failure and publishes no event).
	 */
	static MapPropertySource settings(ConfigurableEnvironment environment, String name, String vaultUrl,
			String sourceName) {
		List<Map<String, String>> configured = Binder.get(environment).bind(SOURCES, SOURCE_LIST).orElse(List.of());
		Map<String, String> first = configured.isEmpty() ? Map.of() : configured.get(0);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(PREFIX + "property-source-enabled", "true");
		first.forEach((key, value) -> settings.put(FIRST + key, value));
		settings.put(FIRST + "endpoint", vaultUrl);
		if (!has(first, "name")) {
			settings.put(FIRST + "name", sourceName);
		}
		if (!has(first, "refresh-interval")) {
			settings.put(FIRST + "refresh-interval", "0");
		}
		return new MapPropertySource(name, settings);
	}

	private static boolean has(Map<String, String> settings, String key) {
		ConfigurationPropertyName wanted = ConfigurationPropertyName.of(key);
		return settings.keySet()
			.stream()
			.anyMatch((name) -> ConfigurationPropertyName.isValid(name)
					? ConfigurationPropertyName.of(name).equals(wanted)
					: ConfigurationPropertyName.adapt(name, '.').equals(wanted));
	}

	/**
	 * Add the Key Vault property source to the given (temporary) environment: the first time through Spring Cloud
	 * Azure's own post-processor, which builds the {@code SecretClient}; on every later read (a re-read re-runs
	 * this on a fresh environment) a new property source over the client the first read made, kept in
	 * {@link KeyVaultClients} in the bootstrap context, so that re-reads open no new connection pool.
	 */
	static void apply(ConfigurableEnvironment environment, @Nullable SpringApplication application,
			DeferredLogFactory logFactory, ConfigurableBootstrapContext bootstrapContext, MapPropertySource settings) {
		bootstrapContext.registerIfAbsent(KeyVaultClients.class, InstanceSupplier.from(KeyVaultClients::new));
		KeyVaultClients clients = bootstrapContext.get(KeyVaultClients.class);
		AzureKeyVaultPropertySourceProperties properties = Binder.get(environment)
			.bindOrCreate(SOURCES + "[0]", AzureKeyVaultPropertySourceProperties.class);
		KeyVaultOperation operation = clients.get(settings.getSource());
		if (operation != null) {
			add(environment, reRead(properties, operation));
			return;
		}
		new KeyVaultEnvironmentPostProcessor(logFactory, bootstrapContext).postProcessEnvironment(environment,
				application);
		if (environment.getPropertySources().get(properties.getName()) instanceof KeyVaultPropertySource added) {
			clients.put(settings.getSource(), added.getSource());
		}
	}

	private static KeyVaultPropertySource reRead(AzureKeyVaultPropertySourceProperties properties,
			KeyVaultOperation operation) {
		try {
			// the constructor reads the vault
			return new KeyVaultPropertySource(properties.getName(), properties.getRefreshInterval(), operation,
					properties.getSecretKeys(), properties.isCaseSensitive());
		}
		catch (RuntimeException ex) {
			// the same failure Spring Cloud Azure's post-processor reports for an unreadable vault
			throw new IllegalStateException("Failed to configure KeyVault property source", ex);
		}
	}

	/** Where Spring Cloud Azure puts a vault: right below the OS environment. */
	private static void add(ConfigurableEnvironment environment, KeyVaultPropertySource source) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addFirst(source);
		}
	}

}
