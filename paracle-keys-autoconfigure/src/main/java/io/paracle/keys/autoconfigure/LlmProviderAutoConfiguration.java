package io.paracle.keys.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.metrics.ApiCallObservationConvention;
import io.paracle.keys.metrics.ApiCallRecorder;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.LlmProviderFactory;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.KeyEventPublisher;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeySelectionStrategy;
import io.paracle.keys.resilience.RoundRobinKeySelectionStrategy;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the provider clients: one typed bean per active provider configuration (named after
 * it), the {@link LlmProviders} registry, the {@link LlmProviderFactory} that creates them and the
 * {@link ApiCallTracker} that measures their calls. HTTP clients start from the Boot-managed
 * {@link RestClient.Builder} when there is one.
 *
 * @author paracle-keys
 */
@AutoConfiguration(after = ParacleKeysAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
public final class LlmProviderAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LlmProviderAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ApiCallTracker apiCallTracker(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ApiCallRecorder> recorder, ObjectProvider<ApiCallObservationConvention> convention) {
		return new ApiCallTracker(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				recorder.getIfUnique(), convention.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ApiKeyResolver.class)
	static class ProvidersConfiguration {

		@Bean
		static LlmProviderBeanRegistrar llmProviderBeanRegistrar(ConfigurableEnvironment environment) {
			return new LlmProviderBeanRegistrar(environment);
		}

		@Bean
		@ConditionalOnMissingBean
		KeySelectionStrategy keySelectionStrategy() {
			return new RoundRobinKeySelectionStrategy();
		}

		@Bean
		KeyEventPublisher keyEventPublisher(ApplicationEventPublisher publisher) {
			return new KeyEventPublisher(publisher);
		}

		/**
		 * Per-call keys were never resolved and may have no provider shape: the redactor learns each before the
		 * call sends it, so wire logs of that call print its fingerprint.
		 */
		@Bean
		@ConditionalOnBean(KeyRedactor.class)
		KeyPoolListener perCallKeyRedaction(KeyRedactor redactor) {
			return new KeyPoolListener() {

				@Override
				public void onPerCallKey(String provider, ApiKey key) {
					redactor.addPerCallKey(key.secret());
				}

			};
		}

		@Bean
		@ConditionalOnMissingBean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners) {
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()));
		}

		@Bean
		@ConditionalOnMissingBean
		LlmProviderFactory llmProviderFactory(ApiKeyResolver resolver, ConfigurableEnvironment environment,
				ObjectProvider<RestClient.Builder> restClientBuilder,
				ObjectProvider<LlmProviderRestClientCustomizer> customizers,
				ObjectProvider<LlmProviderHttpClientCustomizer> httpClientCustomizers, ApiCallTracker tracker,
				ResourceLoader resourceLoader, KeyPools keyPools, ObjectProvider<KeyRefresher> keyRefresher,
				ParacleProperties properties) {
			// Boot's builder is a prototype that builds a request factory (an HTTP client) each time it is
			// created: take one and clone it for every provider, which replaces the request factory anyway
			Supplier<RestClient.Builder> bootBuilder = SingletonSupplier.of(restClientBuilder::getIfUnique);
			List<LlmProviderRestClientCustomizer> restClientCustomizers = customizers.orderedStream().toList();
			LlmProviderFactory factory = new LlmProviderFactory(resolver, environment, () -> {
				RestClient.Builder builder = bootBuilder.get();
				return (builder != null) ? builder.clone() : RestClient.builder();
			}, restClientCustomizers, tracker, resourceLoader.getClassLoader(), keyPools,
					keyRefresher.getIfAvailable());
			HttpClientType httpClient = properties.getHttp().getClient();
			factory.setHttpClientType(httpClient);
			factory.setHttpClientCustomizers(httpClientCustomizers.orderedStream().toList());
			if (httpClient == HttpClientType.DIRECT && !restClientCustomizers.isEmpty()) {
				logger.warn("paracle.http.client=direct: the providers call Apache HttpClient 5 without RestClient, "
						+ "so " + restClientCustomizers.size() + " LlmProviderRestClientCustomizer bean(s) do not "
						+ "apply; customize with LlmProviderHttpClientCustomizer beans, or remove paracle.http.client");
			}
			return factory;
		}

		@Bean
		@ConditionalOnMissingBean
		LlmProviders llmProviders(ListableBeanFactory beanFactory) {
			Map<String, LlmProvider> providers = new LinkedHashMap<>();
			beanFactory.getBeansOfType(LlmProvider.class).forEach((beanName, provider) -> {
				String name = provider.name();
				providers.putIfAbsent((name != null) ? name : beanName, provider);
			});
			return new LlmProviders(providers);
		}

	}

}
