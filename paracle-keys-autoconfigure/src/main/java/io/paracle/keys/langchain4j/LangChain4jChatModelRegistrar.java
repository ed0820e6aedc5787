package io.paracle.keys.langchain4j;

import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Registers a LangChain4j {@code ChatModel} bean {@code <name>ChatModel} and a {@code StreamingChatModel} bean
 * {@code <name>StreamingChatModel} for each active provider configuration whose wire format a LangChain4j module
 * on the class path speaks, both qualified with the configuration name ({@code @Qualifier("openai-eu")}) and
 * typed with the module's model class. A bean of either name that exists already wins. The configurations come
 * from the startup resolution the core registered (resolved again only when it is not there yet).
 *
 * @author paracle-keys
 */
final class LangChain4jChatModelRegistrar implements BeanDefinitionRegistryPostProcessor {

	/** The core's startup resolution bean ({@code LlmProviderBeanRegistrar.RESOLUTION_BEAN_NAME}). */
	private static final String RESOLUTION_BEAN_NAME = "paracleProviderResolution";

	private static final Log logger = LogFactory.getLog(LangChain4jChatModelRegistrar.class);

	private final ConfigurableEnvironment environment;

	LangChain4jChatModelRegistrar(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		ClassLoader classLoader = (registry instanceof ConfigurableBeanFactory beanFactory)
				? beanFactory.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
		for (ProviderConfiguration configuration : resolution(registry).active().values()) {
			if (configuration.descriptor() == null || !configuration.problems().isEmpty()) {
				continue;
			}
			LangChain4jModule module = LangChain4jModule.present(configuration.descriptor().wireFormat(), classLoader);
			if (module == null) {
				logger.debug("No LangChain4j model for provider '" + configuration.name() + "': no LangChain4j module "
						+ "for its wire format " + configuration.descriptor().wireFormat() + " on the class path");
				continue;
			}
			String name = configuration.name();
			register(registry, name + "LangChain4jChatModel", name, module.chatModelClass(), classLoader,
					(factory) -> factory.chatModel(name, module));
			register(registry, name + "LangChain4jStreamingChatModel", name, module.streamingChatModelClass(), classLoader,
					(factory) -> factory.streamingChatModel(name, module));
		}
	}

	private void register(BeanDefinitionRegistry registry, String beanName, String qualifier, String className,
			@Nullable ClassLoader classLoader, ModelCreation creation) {
		if (registry.containsBeanDefinition(beanName) || registry.isAlias(beanName)) {
			logger.debug("Not registering LangChain4j model bean '" + beanName + "': a bean with that name exists");
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(ClassUtils.resolveClassName(className, classLoader));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, qualifier));
		definition.setInstanceSupplier(
				() -> creation.create(((BeanFactory) registry).getBean(LangChain4jChatModels.class)));
		registry.registerBeanDefinition(beanName, definition);
	}

	private ProviderResolution resolution(BeanDefinitionRegistry registry) {
		if (registry.containsBeanDefinition(RESOLUTION_BEAN_NAME) && registry instanceof BeanFactory beanFactory) {
			return beanFactory.getBean(RESOLUTION_BEAN_NAME, ProviderResolution.class);
		}
		return ProviderResolution.resolve(this.environment);
	}

	@FunctionalInterface
	private interface ModelCreation {

		Object create(LangChain4jChatModels factory);

	}

}
