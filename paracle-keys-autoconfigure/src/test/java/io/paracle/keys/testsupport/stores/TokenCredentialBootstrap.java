package io.paracle.keys.testsupport.stores;

import com.azure.core.credential.TokenCredential;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Registers a {@link TokenCredential} in the bootstrap context of a
 * {@link SpringApplication}. Spring Cloud Azure's {@code KeyVaultEnvironmentPostProcessor}
 * uses a credential found there for its Key Vault property sources, instead of the one
 * its properties describe: the only way to give it a test credential.
 */
public final class TokenCredentialBootstrap implements BootstrapRegistryInitializer {

	private final TokenCredential credential;

	/**
	 * Create an initializer for the given credential.
	 * @param credential the credential to register
	 */
	public TokenCredentialBootstrap(TokenCredential credential) {
		this.credential = credential;
	}

	/**
	 * Make the given application use the given credential for Key Vault property sources.
	 * @param application the application, not yet run
	 * @param credential the credential
	 * @return the application
	 */
	public static SpringApplication register(SpringApplication application, TokenCredential credential) {
		application.addBootstrapRegistryInitializer(new TokenCredentialBootstrap(credential));
		return application;
	}

	@Override
	public void initialize(BootstrapRegistry registry) {
		registry.register(TokenCredential.class, InstanceSupplier.of(this.credential));
	}

}
