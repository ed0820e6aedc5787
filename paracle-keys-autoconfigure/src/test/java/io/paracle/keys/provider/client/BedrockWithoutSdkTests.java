package io.paracle.keys.provider.client;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

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
		try (URLClassLoader loader = new URLClassLoader(classPathWithoutAwsSdk(), ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class).isThrownBy(
					() -> loader.loadClass("software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient"));
			Object created = loader.loadClass(IsolatedBedrock.class.getName())
				.getMethod("createProviders")
				.invoke(null);
			assertThat(created).isEqualTo(List.of("OpenAiProvider", "MissingBedrockSdkException"));
		}
	}

	private static URL[] classPathWithoutAwsSdk() throws MalformedURLException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.contains("software" + File.separator + "amazon" + File.separator + "awssdk")) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

}
