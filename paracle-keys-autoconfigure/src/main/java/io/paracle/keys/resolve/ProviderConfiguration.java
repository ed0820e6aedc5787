package io.paracle.keys.resolve;

import java.util.List;

import io.paracle.keys.catalog.ProviderDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * One named provider configuration as resolved from the environment: its catalog entry, its properties, its
 * keys, whether it is active, and what is wrong with it.
 *
 * @param name the configuration name ({@code openai}, {@code openai-eu}, ...)
 * @param descriptor the catalog entry, or {@code null} when the type is unknown
 * @param settings the settings with defaults and fallbacks applied, or {@code null} when the type is unknown
 * @param keys the keys found
 * @param active whether the provider is switched on
 * @param problems what must be fixed before the application can start
 * @param warnings what looks wrong but does not stop the application
 * @author paracle-keys
 */
public record ProviderConfiguration(String name, @Nullable ProviderDescriptor descriptor,
		@Nullable ProviderSettings settings, ProviderKeys keys, boolean active, List<KeyProblem> problems,
		List<String> warnings) {

	/**
	 * Return the catalog entry.
	 * @return the descriptor
	 * @throws IllegalStateException when the type is unknown
	 */
	public ProviderDescriptor requiredDescriptor() {
		if (this.descriptor == null) {
			throw new IllegalStateException("Provider configuration '" + this.name + "' has no known type");
		}
		return this.descriptor;
	}

	/**
	 * Return the settings.
	 * @return the settings
	 * @throws IllegalStateException when the type is unknown
	 */
	public ProviderSettings requiredSettings() {
		if (this.settings == null) {
			throw new IllegalStateException("Provider configuration '" + this.name + "' has no known type");
		}
		return this.settings;
	}

	/**
	 * Return whether this is the configuration named after its catalog id (for example {@code openai} of type
	 * openai), the one conventional variables apply to.
	 * @return whether the name is the catalog id
	 */
	public boolean isDefaultConfiguration() {
		return this.descriptor != null && this.descriptor.id().equals(this.name);
	}

}
