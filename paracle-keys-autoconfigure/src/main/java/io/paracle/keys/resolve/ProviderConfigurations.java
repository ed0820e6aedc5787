package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.catalog.WireFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Resolves every provider configuration from an environment: which configurations exist, which are active,
 * their keys and their problems. The one place that knows where a key comes from, in this order:
 * <ol>
 * <li>{@code paracle.providers.<name>.api-key} / {@code api-keys} / {@code api-key-file};</li>
 * <li>the conventional variables ({@code OPENAI_API_KEY}, also dashed as {@code OPENAI-API-KEY}) in the
 * environment: OS environment, system properties, config files and any source a config import added (secret
 * stores);</li>
 * <li>{@code <VAR>_FILE} naming a file that holds the key (Docker secrets);</li>
 * <li>a {@code .env} file;</li>
 * <li>mounted secret directories imported with {@code configtree:}.</li>
 * </ol>
 * Conventional variables apply only to the configuration named after the catalog id. A variable may hold
 * several keys separated by commas.
 *
 * @author paracle-keys
 */
public final class ProviderConfigurations {

	private static final Pattern PLACEHOLDER_REFERENCE = Pattern.compile("^\\$\\{([^:}]+)(:[^}]*)?}$");

	private static final String PREFIX = "paracle.providers.";

	private final ConfigurableEnvironment environment;

	private final EnvironmentKeyLookup lookup;

	private final KeyChecks checks = new KeyChecks();

	private ProviderConfigurations(ConfigurableEnvironment environment) {
		this.environment = environment;
		this.lookup = new EnvironmentKeyLookup(environment);
	}

	/**
	 * Resolve every provider configuration: each catalog id, and each name under {@code paracle.providers},
	 * binding {@code paracle.providers} from the environment as it is now.
	 * @param environment the environment
	 * @return the configurations, in catalog order then configuration order
	 */
	public static List<ProviderConfiguration> resolve(ConfigurableEnvironment environment) {
		return resolve(environment, bind(environment));
	}

	/**
	 * Resolve every provider configuration from properties already bound from the environment.
	 * @param environment the environment
	 * @param properties the provider properties bound from it ({@link #bind}) by configuration name
	 * @return the configurations, in catalog order then configuration order
	 */
	public static List<ProviderConfiguration> resolve(ConfigurableEnvironment environment,
			Map<String, ProviderProperties> properties) {
		return new ProviderConfigurations(environment).resolveAll(properties);
	}

	/**
	 * Bind {@code paracle.providers} from an environment as it is now.
	 * @param environment the environment
	 * @return the provider properties by configuration name
	 */
	public static Map<String, ProviderProperties> bind(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind("paracle.providers", Bindable.mapOf(String.class, ProviderProperties.class))
			.orElseGet(LinkedHashMap::new);
	}

	private List<ProviderConfiguration> resolveAll(Map<String, ProviderProperties> configured) {
		Set<String> names = new LinkedHashSet<>(ProviderCatalog.ids());
		names.addAll(configured.keySet());
		List<ProviderConfiguration> result = new ArrayList<>(names.size());
		for (String name : names) {
			ProviderProperties provider = configured.get(name);
			result.add(resolve(name, (provider != null) ? provider : new ProviderProperties(),
					provider != null));
		}
		return result;
	}

	private ProviderConfiguration resolve(String name, ProviderProperties properties, boolean configured) {
		String type = StringUtils.hasText(properties.getType()) ? properties.getType() : name;
		ProviderDescriptor descriptor = ProviderCatalog.find(type);
		if (descriptor == null) {
			String property = PREFIX + name + ".type";
			KeyProblem problem = new KeyProblem(name,
					"Provider configuration '" + name + "' has no known type"
							+ (StringUtils.hasText(properties.getType()) ? " ('" + type + "')" : ""),
					"Set " + property + " to one of " + ProviderCatalog.ids() + ".");
			boolean active = !Boolean.FALSE.equals(properties.getEnabled());
			return new ProviderConfiguration(name, null, null, new ProviderKeys(name, List.of()), active,
					active ? List.of(problem) : List.of(), List.of());
		}
		boolean isDefault = descriptor.id().equals(name);
		if (Boolean.FALSE.equals(properties.getEnabled())) {
			return new ProviderConfiguration(name, descriptor, settings(descriptor, properties, isDefault),
					new ProviderKeys(name, List.of()), false, List.of(), List.of());
		}
		List<KeyProblem> problems = new ArrayList<>();
		ProviderKeys keys = new ProviderKeys(name, findKeys(name, descriptor, properties, isDefault, problems));
		boolean bedrock = ProviderCatalog.BEDROCK.equals(descriptor.id());
		boolean active = Boolean.TRUE.equals(properties.getEnabled()) || !problems.isEmpty()
				|| (bedrock ? configured : !keys.isEmpty());
		ProviderSettings settings = settings(descriptor, properties, isDefault);
		if (!active) {
			return new ProviderConfiguration(name, descriptor, settings, keys, false, List.of(), List.of());
		}
		List<String> warnings = new ArrayList<>();
		this.checks.check(name, descriptor, keys, isDefault, problems, warnings);
		SettingsChecks.check(name, properties, problems);
		if (!keys.isEmpty()) {
			checkSettings(name, descriptor, settings, problems);
		}
		return new ProviderConfiguration(name, descriptor, settings, keys, true, List.copyOf(problems),
				List.copyOf(warnings));
	}

	private List<ApiKey> findKeys(String name, ProviderDescriptor descriptor, ProviderProperties properties,
			boolean isDefault, List<KeyProblem> problems) {
		if (ProviderCatalog.BEDROCK.equals(descriptor.id())) {
			return findAwsKeys(name, properties, isDefault);
		}
		List<ApiKey> keys = new ArrayList<>();
		if (properties.getApiKey() != null) {
			addAll(name, descriptor, keys, properties.getApiKey(), propertyOrigin(name, "api-key"), problems);
		}
		for (String value : properties.getApiKeys()) {
			addAll(name, descriptor, keys, value, propertyOrigin(name, "api-keys"), problems);
		}
		if (keys.isEmpty() && StringUtils.hasText(properties.getApiKeyFile())) {
			String property = PREFIX + name + ".api-key-file";
			readFile(name, descriptor, properties.getApiKeyFile(), new KeyOrigin(KeySourceKind.FILE, property,
					properties.getApiKeyFile()), property, keys, problems);
		}
		if (!keys.isEmpty() || !isDefault) {
			return keys;
		}
		for (String variable : descriptor.keyVariables()) {
			found(name, descriptor, keys,
					this.lookup.find(EnvironmentKeyLookup.candidates(variable), ProviderConfigurations::isDirect),
					problems);
			if (!keys.isEmpty()) {
				return keys;
			}
		}
		for (String variable : descriptor.keyVariables()) {
			String fileVariable = variable + "_FILE";
			EnvironmentKeyLookup.Match match = this.lookup.find(List.of(fileVariable), (kind) -> true);
			if (match != null && StringUtils.hasText(match.value())) {
				readFile(name, descriptor, match.value(),
						new KeyOrigin(KeySourceKind.FILE, fileVariable, match.value()), fileVariable, keys, problems);
				return keys;
			}
		}
		for (KeySourceKind late : List.of(KeySourceKind.DOTENV, KeySourceKind.CONFIG_TREE)) {
			for (String variable : descriptor.keyVariables()) {
				found(name, descriptor, keys, this.lookup.find(EnvironmentKeyLookup.candidates(variable), late::equals),
						problems);
				if (!keys.isEmpty()) {
					return keys;
				}
			}
		}
		return keys;
	}

	private List<ApiKey> findAwsKeys(String name, ProviderProperties properties, boolean isDefault) {
		if (StringUtils.hasText(properties.getAccessKeyId())) {
			KeyOrigin origin = propertyOrigin(name, "access-key-id");
			String secret = (properties.getSecretAccessKey() != null) ? properties.getSecretAccessKey() : "";
			return List.of(ApiKey.of(properties.getAccessKeyId(), secret, origin));
		}
		if (!isDefault) {
			return List.of();
		}
		EnvironmentKeyLookup.Match id = this.lookup.find(List.of("AWS_ACCESS_KEY_ID"), (kind) -> true);
		if (id == null) {
			return List.of();
		}
		EnvironmentKeyLookup.Match secret = this.lookup.find(List.of("AWS_SECRET_ACCESS_KEY"), (kind) -> true);
		return List.of(ApiKey.of(id.value(), (secret != null) ? secret.value() : "", id.origin()));
	}

	/**
	 * Apply the defaults and fallbacks of every setting, each rule once: the catalog's base URL and model; for
	 * Azure OpenAI the endpoint ({@code endpoint}, {@code base-url}, then {@code AZURE_OPENAI_ENDPOINT}) and the
	 * API version ({@code api-version}, {@code AZURE_OPENAI_API_VERSION}, then
	 * {@value ProviderSettings#DEFAULT_AZURE_API_VERSION}); for Bedrock the region ({@code region},
	 * {@code AWS_DEFAULT_REGION}, then {@code AWS_REGION}). Variables apply only to the configuration named after
	 * the catalog id.
	 */
	private ProviderSettings settings(ProviderDescriptor descriptor, ProviderProperties properties,
			boolean isDefault) {
		String model = StringUtils.hasText(properties.getModel()) ? properties.getModel()
				: descriptor.defaultModel();
		String baseUrl;
		String apiVersion = null;
		String region = null;
		if (descriptor.wireFormat() == WireFormat.AZURE_OPENAI) {
			baseUrl = first(properties.getEndpoint(), properties.getBaseUrl(),
					variable(isDefault, "AZURE_OPENAI_ENDPOINT"));
			apiVersion = first(properties.getApiVersion(), variable(isDefault, "AZURE_OPENAI_API_VERSION"),
					ProviderSettings.DEFAULT_AZURE_API_VERSION);
		}
		else if (descriptor.wireFormat() == WireFormat.BEDROCK) {
			baseUrl = first(properties.getBaseUrl());
			region = first(properties.getRegion(), variable(isDefault, "AWS_DEFAULT_REGION"),
					variable(isDefault, "AWS_REGION"));
		}
		else {
			baseUrl = first(properties.getBaseUrl(), descriptor.defaultBaseUrl());
		}
		ProviderProperties.RateLimit rateLimit = properties.getRateLimit();
		return new ProviderSettings(stripTrailingSlash(baseUrl), model, properties.getTimeout(),
				properties.getCallTimeout(),
				properties.getConnectTimeout(), properties.getMaxRetries(), properties.getRetryBackoff(),
				properties.getCooldown(), properties.getMaxCooldown(), properties.getRejectionProbeInterval(),
				rateLimit.getRequestsPerMinute(),
				rateLimit.getMaxWait(), rateLimit.getTokensPerMinute(), properties.getBudget().getTokensPerDay(),
				properties.getBudget().getTokensPerMonth(), properties.getKeyCreated(), apiVersion, first(properties.getDeployment()), region,
				properties.isAllowPlainHttp());
	}

	private @Nullable String variable(boolean isDefault, String name) {
		return isDefault ? this.environment.getProperty(name) : null;
	}

	private static @Nullable String first(@Nullable String... values) {
		for (String value : values) {
			if (StringUtils.hasText(value)) {
				return value.strip();
			}
		}
		return null;
	}

	private static @Nullable String stripTrailingSlash(@Nullable String url) {
		if (url == null) {
			return null;
		}
		String result = url;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	/**
	 * Check the settings that a configuration with a key cannot do without, beside the rules that found them.
	 */
	private void checkSettings(String name, ProviderDescriptor descriptor, ProviderSettings settings,
			List<KeyProblem> problems) {
		if (descriptor.wireFormat() == WireFormat.AZURE_OPENAI && settings.baseUrl() == null) {
			problems.add(new KeyProblem(name,
					"Azure OpenAI has a key but no endpoint: AZURE_OPENAI_ENDPOINT not found",
					"Set AZURE_OPENAI_ENDPOINT (or " + PREFIX + name
							+ ".endpoint) to your resource URL, e.g. https://your-resource.openai.azure.com/"));
		}
	}

	private static boolean isDirect(KeySourceKind kind) {
		return kind != KeySourceKind.DOTENV && kind != KeySourceKind.CONFIG_TREE;
	}

	private static void found(String name, ProviderDescriptor descriptor, List<ApiKey> keys,
			EnvironmentKeyLookup.@Nullable Match match, List<KeyProblem> problems) {
		if (match != null) {
			addAll(name, descriptor, keys, match.value(), match.origin(), problems);
		}
	}

	/**
	 * Add the keys of a value, several when it holds commas. An empty entry ({@code sk-a,,sk-b}) is a problem
	 * named by its position, not a key.
	 */
	private static void addAll(String name, ProviderDescriptor descriptor, List<ApiKey> keys, String value,
			KeyOrigin origin, List<KeyProblem> problems) {
		if (value.indexOf(',') < 0) {
			add(keys, value, origin);
			return;
		}
		String[] parts = value.split(",", -1);
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i].strip();
			if (part.isEmpty()) {
				problems.add(new KeyProblem(name, "The keys of " + descriptor.displayName() + " (provider '" + name
						+ "') from " + origin.description() + " have an empty entry at position " + (i + 1) + " of "
						+ parts.length,
						"Remove the extra comma in " + origin.description()
								+ ": keys are separated by single commas, with none at either end."));
			}
			else {
				add(keys, part, origin);
			}
		}
	}

	private static void add(List<ApiKey> keys, String value, KeyOrigin origin) {
		ApiKey key = ApiKey.of(value, origin);
		if (!keys.contains(key)) {
			keys.add(key);
		}
	}

	private void readFile(String name, ProviderDescriptor descriptor, String file, KeyOrigin origin,
			String reference, List<ApiKey> keys, List<KeyProblem> problems) {
		Path path = Path.of(file);
		try {
			long size = Files.isRegularFile(path) ? Files.size(path) : 0;
			if (size > KeyChecks.MAX_KEY_LENGTH * 4L + 2) {
				problems.add(new KeyProblem(name, reference + " points to " + file + ", which holds " + size
						+ " bytes; a key is at most " + KeyChecks.MAX_KEY_LENGTH + " characters",
						"Point " + reference + " at the file that holds only the key of " + descriptor.displayName()
								+ " (one line), or unset " + reference + "."));
				return;
			}
			addAll(name, descriptor, keys, EnvironmentKeyLookup.readKeyFile(path), origin, problems);
		}
		catch (CharacterCodingException ex) {
			problems.add(new KeyProblem(name, reference + " points to " + file + ", which is not UTF-8",
					"Write the key into " + file + " again as plain text (a key is printable ASCII), or unset "
							+ reference + "."));
		}
		catch (IOException ex) {
			problems.add(new KeyProblem(name,
					reference + " points to " + file + ", which cannot be read (" + ex.getClass().getSimpleName()
							+ ")",
					"Check that the file exists and is readable by the application user, or unset " + reference
							+ "."));
		}
	}

	/**
	 * Return where a {@code paracle.providers.<name>.<property>} value came from. A value that is only a
	 * reference such as {@code ${OPENAI_API_KEY}} is reported as coming from the referenced variable.
	 */
	private KeyOrigin propertyOrigin(String name, String property) {
		String fullName = PREFIX + name + "." + property;
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.adapt(fullName, '.');
		List<ConfigurationPropertyName> candidates = List.of(propertyName,
				ConfigurationPropertyName.adapt(fullName + "[0]", '.'));
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			for (ConfigurationPropertyName candidate : candidates) {
				ConfigurationProperty found = source.getConfigurationProperty(candidate);
				if (found != null && source.getUnderlyingSource() instanceof PropertySource<?> propertySource) {
					KeyOrigin referenced = referencedOrigin(found.getValue());
					if (referenced != null) {
						return referenced;
					}
					KeySourceKind kind = PropertySourceKinds.of(propertySource);
					String sourceName = (kind == KeySourceKind.SECRET_STORE)
							? PropertySourceKinds.describe(propertySource) : propertySource.getName();
					return new KeyOrigin(kind, fullName, sourceName);
				}
			}
		}
		return new KeyOrigin(KeySourceKind.OTHER, fullName, null);
	}

	private @Nullable KeyOrigin referencedOrigin(@Nullable Object raw) {
		if (raw == null) {
			return null;
		}
		Matcher matcher = PLACEHOLDER_REFERENCE.matcher(raw.toString().strip());
		if (!matcher.matches()) {
			return null;
		}
		EnvironmentKeyLookup.Match match = this.lookup.find(List.of(matcher.group(1)), (kind) -> true);
		return (match != null) ? match.origin() : null;
	}

	/**
	 * Index the active configurations by name.
	 * @param configurations resolved configurations
	 * @return the active ones by name, in order
	 */
	public static Map<String, ProviderConfiguration> active(List<ProviderConfiguration> configurations) {
		Map<String, ProviderConfiguration> active = new LinkedHashMap<>();
		for (ProviderConfiguration configuration : configurations) {
			if (configuration.active()) {
				active.put(configuration.name(), configuration);
			}
		}
		return active;
	}

}
