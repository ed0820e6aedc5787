package io.paracle.keys.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.metrics.ApiCallObservationConvention;
import io.paracle.keys.metrics.ApiCallObservationMode;
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
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the provider clients: one typed bean per active provider configuration (named after
 * it), the {@link LlmProviders} registry, the {@link LlmProviderFactory} that creates them and the
 * {@link ApiCallTracker} that measures their calls. The HTTP client is {@code paracle.http.client}: unset, Apache
 * HttpClient 5 without {@code RestClient} when it is present and no {@link LlmProviderRestClientCustomizer} exists,
 * else a {@code RestClient} from the Boot-managed {@link RestClient.Builder} when there is one; both with the SSL
 * bundle of {@code paracle.http.ssl-bundle}.
 *
 * @author paracle-keys
 */
@AutoConfiguration(after = ParacleKeysAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
public final class LlmProviderAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LlmProviderAutoConfiguration.class);

	private static final String HTTP_CLIENT_5 = "org.apache.hc.client5.http.impl.classic.HttpClients";

	private static final String SSL_BUNDLE_PROPERTY = "paracle.http.ssl-bundle";

	@Bean
	@ConditionalOnMissingBean
	ApiCallTracker apiCallTracker(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationHandler<?>> observationHandlers, ObjectProvider<ParacleProperties> properties,
			ObjectProvider<ApiCallRecorder> recorder, ObjectProvider<ApiCallObservationConvention> convention) {
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		ApiCallObservationMode mode = properties.getIfAvailable(ParacleProperties::new)
			.getMetrics()
			.getObservations();
		if (!registry.isNoop() && !mode.observes(observationHandlers.orderedStream())) {
			logger.debug("No observation handler would see the provider calls (a tracer, for instance): "
					+ "paracle.api.call observations are skipped; set paracle.metrics.observations=always to keep them");
			registry = ObservationRegistry.NOOP;
		}
		return new ApiCallTracker(registry, recorder.getIfUnique(), convention.getIfUnique());
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
				ObjectProvider<KeyPoolListener> listeners, ObjectProvider<SharedKeyState> sharedState) {
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					sharedState.getIfUnique(() -> SharedKeyState.LOCAL));
		}

		@Bean
		@ConditionalOnMissingBean
		LlmProviderFactory llmProviderFactory(ApiKeyResolver resolver, ConfigurableEnvironment environment,
				ObjectProvider<RestClient.Builder> restClientBuilder,
				ObjectProvider<LlmProviderRestClientCustomizer> customizers,
				ObjectProvider<LlmProviderHttpClientCustomizer> httpClientCustomizers, ApiCallTracker tracker,
				ResourceLoader resourceLoader, KeyPools keyPools, ObjectProvider<KeyRefresher> keyRefresher,
				ParacleProperties properties, ObjectProvider<SslBundles> sslBundles) {
			// Boot's builder is a prototype that builds a request factory (an HTTP client) each time it is
			// created: take one and clone it for every provider, which replaces the request factory anyway
			Supplier<RestClient.Builder> bootBuilder = SingletonSupplier.of(restClientBuilder::getIfUnique);
			List<LlmProviderRestClientCustomizer> restClientCustomizers = customizers.orderedStream().toList();
			LlmProviderFactory factory = new LlmProviderFactory(resolver, environment, () -> {
				RestClient.Builder builder = bootBuilder.get();
				return (builder != null) ? builder.clone() : RestClient.builder();
			}, restClientCustomizers, tracker, resourceLoader.getClassLoader(), keyPools,
					keyRefresher.getIfAvailable());
			HttpClientType httpClient = httpClientType(properties.getHttp().getClient(), restClientCustomizers,
					resourceLoader.getClassLoader());
			factory.setHttpClientType(httpClient);
			factory.setSslBundle(sslBundle(properties.getHttp().getSslBundle(), sslBundles));
			factory.setMaxResponseSize(properties.getHttp().getMaxResponseSize());
			factory.setHttpClientCustomizers(httpClientCustomizers.orderedStream().toList());
			if (httpClient == HttpClientType.DIRECT && !restClientCustomizers.isEmpty()) {
				logger.warn("paracle.http.client=direct: the providers call Apache HttpClient 5 without RestClient, "
						+ "so " + restClientCustomizers.size() + " LlmProviderRestClientCustomizer bean(s) do not "
						+ "apply; customize with LlmProviderHttpClientCustomizer beans, or remove paracle.http.client");
			}
			return factory;
		}

		/**
		 * {@code paracle.http.client} if set; else {@code direct} when Apache HttpClient 5 is present, unless
		 * {@link LlmProviderRestClientCustomizer}s exist: whoever customized the {@code RestClient} keeps it.
		 */
		private static HttpClientType httpClientType(@Nullable HttpClientType configured,
				List<LlmProviderRestClientCustomizer> restClientCustomizers, @Nullable ClassLoader classLoader) {
			if (configured != null) {
				return configured;
			}
			if (!ClassUtils.isPresent(HTTP_CLIENT_5, classLoader)) {
				return HttpClientType.REST_CLIENT;
			}
			if (!restClientCustomizers.isEmpty()) {
				logger.info("paracle.http.client is not set and " + restClientCustomizers.size()
						+ " LlmProviderRestClientCustomizer bean(s) exist: the providers call through RestClient so "
						+ "that they apply (without them the default is direct, Apache HttpClient 5 without "
						+ "RestClient); set paracle.http.client to rest-client or direct to choose");
				return HttpClientType.REST_CLIENT;
			}
			return HttpClientType.DIRECT;
		}

		/**
		 * The bundle named by {@code paracle.http.ssl-bundle}, looked up at startup so that a wrong name fails it.
		 */
		private static @Nullable SslBundle sslBundle(@Nullable String name, ObjectProvider<SslBundles> sslBundles) {
			if (!StringUtils.hasText(name)) {
				return null;
			}
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new InvalidConfigurationPropertyValueException(SSL_BUNDLE_PROPERTY, name,
						"No SslBundles bean: Spring Boot's SslAutoConfiguration is not active");
			}
			try {
				return bundles.getBundle(name);
			}
			catch (NoSuchSslBundleException ex) {
				throw new InvalidConfigurationPropertyValueException(SSL_BUNDLE_PROPERTY, name,
						"No SSL bundle named '" + name + "'; configure spring.ssl.bundle.jks." + name
								+ ".* or spring.ssl.bundle.pem." + name + ".*, or name one of " + bundles.getBundleNames());
			}
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
