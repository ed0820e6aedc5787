package io.paracle.keys.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.client.LlmProviderFactory;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;
import io.paracle.keys.route.LlmRoute;
import io.paracle.keys.route.RouteDefinitions;
import io.paracle.keys.route.RouteListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Registers one provider bean per active provider configuration, named after the configuration and typed with
 * the typed class of its catalog type ({@code openai-eu} &rarr; {@code OpenAiProvider}). Bean definitions must
 * exist before any bean does, so the provider configurations are resolved from the environment here, once: the
 * resolution is registered as the {@value #RESOLUTION_BEAN_NAME} bean, which the {@code ApiKeyResolver} starts
 * from instead of reading every key source again. The configuration named after the catalog id is primary when
 * several configurations share a type.
 * <p>
 * A configuration is skipped when a bean with its name exists, and the catalog-id configuration also when a bean
 * of its typed class exists: a user's bean always wins.
 *
 * @author paracle-keys
 */
final class LlmProviderBeanRegistrar implements BeanDefinitionRegistryPostProcessor {

	/** Name of the bean that holds the startup resolution. */
	static final String RESOLUTION_BEAN_NAME = "paracleProviderResolution";

	private static final Log logger = LogFactory.getLog(LlmProviderBeanRegistrar.class);

	private final ConfigurableEnvironment environment;

	LlmProviderBeanRegistrar(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		ProviderResolution resolution = ProviderResolution.resolve(this.environment);
		if (!registry.containsBeanDefinition(RESOLUTION_BEAN_NAME)) {
			RootBeanDefinition definition = new RootBeanDefinition(ProviderResolution.class);
			definition.setInstanceSupplier(() -> resolution);
			definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(RESOLUTION_BEAN_NAME, definition);
		}
		List<ProviderConfiguration> configurations = new ArrayList<>();
		Map<String, Integer> countByType = new HashMap<>();
		for (ProviderConfiguration configuration : resolution.active().values()) {
			if (configuration.descriptor() != null && configuration.problems().isEmpty()) {
				configurations.add(configuration);
				countByType.merge(configuration.descriptor().id(), 1, Integer::sum);
			}
		}
		for (ProviderConfiguration configuration : configurations) {
			String type = configuration.requiredDescriptor().id();
			register(registry, configuration, LlmProviderFactory.providerClass(type), countByType.get(type) > 1);
		}
		List<String> active = configurations.stream().map(ProviderConfiguration::name).toList();
		RouteDefinitions.bind(this.environment, active).values().forEach((route) -> registerRoute(registry, route));
	}

	/**
	 * A route is found by name ({@code LlmProviders.get}, {@code @Qualifier}) but is no candidate for injection by
	 * type, so that {@code LlmProvider} injection with one active provider keeps working next to routes.
	 */
	private void registerRoute(BeanDefinitionRegistry registry, RouteDefinitions.Definition route) {
		if (registry.containsBeanDefinition(route.name()) || registry.isAlias(route.name())) {
			logger.debug("Not registering route bean '" + route.name() + "': a bean with that name exists");
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(LlmRoute.class);
		definition.setInstanceSupplier(() -> createRoute((ListableBeanFactory) registry, route));
		definition.setDefaultCandidate(false);
		registry.registerBeanDefinition(route.name(), definition);
	}

	private static LlmRoute createRoute(ListableBeanFactory beanFactory, RouteDefinitions.Definition route) {
		List<LlmProvider> members = route.members()
			.stream()
			.map((member) -> beanFactory.getBean(member, LlmProvider.class))
			.toList();
		RouteListener listener = beanFactory.getBeanProvider(RouteListener.class)
			.getIfAvailable(() -> RouteListener.NONE);
		return new LlmRoute(route.name(), members, route.models(), listener);
	}

	private void register(BeanDefinitionRegistry registry, ProviderConfiguration configuration,
			Class<? extends LlmProvider> providerClass, boolean shared) {
		String name = configuration.name();
		if (registry.containsBeanDefinition(name) || registry.isAlias(name)) {
			logger.debug("Not registering provider bean '" + name + "': a bean with that name exists");
			return;
		}
		if (configuration.isDefaultConfiguration() && hasBeanOfType(registry, providerClass)) {
			logger.debug("Not registering provider bean '" + name + "': a " + providerClass.getSimpleName()
					+ " bean exists");
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(providerClass);
		definition.setInstanceSupplier(() -> create((BeanFactory) registry, name, providerClass));
		definition.setPrimary(shared && configuration.isDefaultConfiguration());
		registry.registerBeanDefinition(name, definition);
	}

	private static <T extends LlmProvider> T create(BeanFactory beanFactory, String name, Class<T> type) {
		return beanFactory.getBean(LlmProviderFactory.class).create(name, type);
	}

	private static boolean hasBeanOfType(BeanDefinitionRegistry registry, Class<?> type) {
		return registry instanceof ListableBeanFactory beanFactory
				&& beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

}
