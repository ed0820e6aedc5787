package io.paracle.keys.provider.client;

import java.net.URLClassLoader;
import java.util.List;

import io.paracle.keys.testsupport.IsolatedClassPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The AWS SDK is optional: in a class loader without any {@code software.amazon.awssdk} jar, the other providers
 * work and a Bedrock provider fails with {@link MissingBedrockSdkException}, not a {@link NoClassDefFoundError}.
 */
class BedrockWithoutSdkTests {

	@Test
	void withoutTheSdkBedrockFailsClearlyAndNoSdkClassIsNeeded() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(IsolatedClassPath.without("software/amazon/awssdk"),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class).isThrownBy(
					() -> loader.loadClass("software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient"));
			Object created = loader.loadClass(IsolatedBedrock.class.getName())
				.getMethod("createProviders")
				.invoke(null);
			assertThat(created).isEqualTo(List.of("OpenAiProvider", "MissingBedrockSdkException"));
		}
	}

}
