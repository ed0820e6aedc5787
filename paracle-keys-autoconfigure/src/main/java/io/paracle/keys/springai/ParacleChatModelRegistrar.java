package io.paracle.keys.springai;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.WireFormat;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import io.paracle.keys.provider.client.LlmProviderContext;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Registers one Spring AI chat model bean per active paracle configuration whose provider Spring AI's own model
 * classes speak: {@code OpenAiChatModel} for the OpenAI wire format (OpenAI and the OpenAI-compatible providers,
 * through their base URL), {@code AnthropicChatModel} for Anthropic, {@code GoogleGenAiChatModel} for Gemini (on
 * the configuration's {@link GoogleGenAiClients SDK client}). The bean is named
 * {@code <configuration>SpringAiChatModel} and qualified with the configuration name, so
 * {@code @Qualifier("groq") ChatModel} finds it.
 * <p>
 * Injection by type alone (Spring AI's {@code ChatClient.Builder}, a plain {@code ChatModel} parameter) sees at
 * most one of them: none when Spring AI auto-configured a chat model of its own (that one stays the default);
 * otherwise the configuration named by {@code paracle.spring-ai.chat-models.primary}, else the first
 * configuration named after its provider type ({@code openai}, {@code anthropic}, ...), else the first one. It
 * is primary; the others are candidates only for their qualifier.
 *
 * @author paracle-keys
 */
final class ParacleChatModelRegistrar implements BeanDefinitionRegistryPostProcessor {

	static final String PRIMARY_PROPERTY = "paracle.spring-ai.chat-models.primary";

	private static final Log logger = LogFactory.getLog(ParacleChatModelRegistrar.class);

	private final ConfigurableEnvironment environment;

	private @Nullable ClassLoader classLoader;

	ParacleChatModelRegistrar(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		// the application's class loader, which decides which Spring AI modules are there (as the class
		// conditions of the auto-configuration do)
		this.classLoader = (registry instanceof ConfigurableBeanFactory beanFactory)
				? beanFactory.getBeanClassLoader() : ParacleChatModelRegistrar.class.getClassLoader();
		List<ProviderConfiguration> configurations = new ArrayList<>();
		for (ProviderConfiguration configuration : ProviderResolution.resolve(this.environment).active().values()) {
			if (configuration.descriptor() != null && configuration.problems().isEmpty()
					&& modelType(configuration.descriptor().wireFormat()) != null) {
				configurations.add(configuration);
			}
		}
		if (configurations.isEmpty()) {
			return;
		}
		String primary = primary(configurations, springAiModels(registry));
		for (ProviderConfiguration configuration : configurations) {
			register(registry, configuration, configuration.name().equals(primary));
		}
	}

	private @Nullable String primary(List<ProviderConfiguration> configurations, String[] springAiModels) {
		String chosen = this.environment.getProperty(PRIMARY_PROPERTY);
		if (chosen != null) {
			return chosen;
		}
		if (springAiModels.length > 0) {
			logger.debug("Spring AI's own chat model " + String.join(", ", springAiModels)
					+ " stays the default; paracle's chat models are injected by qualifier");
			return null;
		}
		for (ProviderConfiguration configuration : configurations) {
			if (ProviderCatalog.find(configuration.name()) != null) {
				return configuration.name();
			}
		}
		return configurations.get(0).name();
	}

	private void register(BeanDefinitionRegistry registry, ProviderConfiguration configuration, boolean primary) {
		String name = configuration.name();
		String beanName = name + "SpringAiChatModel";
		if (registry.containsBeanDefinition(beanName) || registry.isAlias(beanName)) {
			logger.debug("Not registering chat model '" + beanName + "': a bean with that name exists");
			return;
		}
		WireFormat wireFormat = configuration.requiredDescriptor().wireFormat();
		Class<?> modelType = modelType(wireFormat);
		RootBeanDefinition definition = new RootBeanDefinition(modelType);
		definition.setInstanceSupplier(() -> create((BeanFactory) registry, name, wireFormat));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		definition.setPrimary(primary);
		definition.setDefaultCandidate(primary);
		registry.registerBeanDefinition(beanName, definition);
	}

	private static ChatModel create(BeanFactory beanFactory, String name, WireFormat wireFormat) {
		LlmProviderContext context = ((AbstractLlmProvider) beanFactory.getBean(LlmProviders.class).get(name))
			.context();
		SpringAiKeyInterceptors interceptors = beanFactory.getBean(SpringAiKeyInterceptors.class);
		ObservationRegistry observationRegistry = beanFactory.getBeanProvider(ObservationRegistry.class)
			.getIfUnique(() -> ObservationRegistry.NOOP);
		if (wireFormat == WireFormat.GEMINI) {
			return GoogleGenAiChatModels.create(context,
					beanFactory.getBean(GoogleGenAiClients.class).forConfiguration(name),
					beanFactory.getBeanProvider(ToolCallingManager.class), observationRegistry);
		}
		if (wireFormat == WireFormat.ANTHROPIC) {
			return AnthropicChatModels.create(context, interceptors.forConfiguration(name),
					beanFactory.getBeanProvider(ToolCallingManager.class), observationRegistry);
		}
		return OpenAiChatModels.create(context, interceptors.forConfiguration(name),
				beanFactory.getBeanProvider(ToolCallingManager.class), observationRegistry);
	}

	private @Nullable Class<?> modelType(WireFormat wireFormat) {
		if (wireFormat == WireFormat.OPENAI && present("org.springframework.ai.openai.OpenAiChatModel")) {
			return OpenAiChatModels.type();
		}
		if (wireFormat == WireFormat.ANTHROPIC && present("org.springframework.ai.anthropic.AnthropicChatModel")) {
			return AnthropicChatModels.type();
		}
		if (wireFormat == WireFormat.GEMINI && present("org.springframework.ai.google.genai.GoogleGenAiChatModel")
				&& present("com.google.genai.Client")) {
			return GoogleGenAiChatModels.type();
		}
		return null;
	}

	private boolean present(String className) {
		return ClassUtils.isPresent(className, this.classLoader);
	}

	private static String[] springAiModels(BeanDefinitionRegistry registry) {
		return (registry instanceof ListableBeanFactory beanFactory)
				? beanFactory.getBeanNamesForType(ChatModel.class, true, false) : new String[0];
	}

}
