package io.paracle.keys.resolve;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;

/**
 * The source policy ({@code paracle.keys.allowed-sources}): which kinds of source a key may come from, so that
 * production refuses keys hard-coded in a packaged {@code application.yml}, left in a {@code .env}, or set as a
 * plain environment variable where only a secret store is allowed.
 * <p>
 * Names: {@code vault}, {@code aws}, {@code azure} (or {@code secret-store} for all three), {@code configtree}
 * (mounted secret directories), {@code file} ({@code *_FILE} and {@code api-key-file}), {@code env},
 * {@code system-properties}, {@code dotenv}, {@code command-line}, {@code config} (application config files and
 * anything else). Shorthands: {@code docker} = {@code file} + {@code configtree}; {@code kubernetes} =
 * {@code configtree} + {@code env} when the application runs on Kubernetes.
 *
 * @author paracle-keys
 */
final class SourcePolicy {

	private final Set<String> allowed;

	private final boolean onKubernetes;

	private SourcePolicy(Set<String> allowed, boolean onKubernetes) {
		this.allowed = allowed;
		this.onKubernetes = onKubernetes;
	}

	static SourcePolicy of(List<String> allowedSources, Environment environment) {
		Set<String> allowed = new LinkedHashSet<>();
		allowedSources.forEach((source) -> allowed.add(source.strip().toLowerCase(Locale.ROOT)));
		return new SourcePolicy(allowed, CloudPlatform.KUBERNETES.isActive(environment));
	}

	boolean allowsEverything() {
		return this.allowed.isEmpty();
	}

	/**
	 * Return the policy name of the origin's source.
	 */
	static String sourceName(KeyOrigin origin) {
		return switch (origin.kind()) {
			case ENVIRONMENT -> "env";
			case SYSTEM_PROPERTY -> "system-properties";
			case FILE -> "file";
			case DOTENV -> "dotenv";
			case CONFIG_TREE -> "configtree";
			case SECRET_STORE -> storeName(origin.source());
			case AWS_DEFAULT_CHAIN -> "aws";
			case PER_CALL -> "per-call";
			case OTHER -> "commandLineArgs".equals(origin.source()) ? "command-line" : "config";
		};
	}

	boolean allows(KeyOrigin origin) {
		if (this.allowed.isEmpty() || origin.kind() == KeySourceKind.PER_CALL) {
			return true;
		}
		String name = sourceName(origin);
		if (this.allowed.contains(name)) {
			return true;
		}
		if (this.allowed.contains("secret-store") && origin.kind() == KeySourceKind.SECRET_STORE) {
			return true;
		}
		if (this.allowed.contains("docker") && (name.equals("file") || name.equals("configtree"))) {
			return true;
		}
		return this.allowed.contains("kubernetes")
				&& (name.equals("configtree") || (name.equals("env") && this.onKubernetes));
	}

	KeyProblem problem(String provider, ApiKey key) {
		KeyOrigin origin = key.origin();
		return new KeyProblem(provider,
				"The key " + key.fingerprint() + " of provider '" + provider + "' comes from " + origin.description()
						+ " (source '" + sourceName(origin) + "'), which paracle.keys.allowed-sources " + this.allowed
						+ " does not allow",
				"Store the key in an allowed source " + this.allowed + " and remove it from " + origin.description()
						+ ". Never hard-code keys, keep them out of container images and .env files in production.");
	}

	private static String storeName(String source) {
		if (source == null) {
			return "secret-store";
		}
		if (source.startsWith("vault:")) {
			return "vault";
		}
		if (source.startsWith("aws-")) {
			return "aws";
		}
		if (source.startsWith("azure")) {
			return "azure";
		}
		return "secret-store";
	}

}
