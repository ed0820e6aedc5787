package io.paracle.keys.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.LlmProviderFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of LangChain4j on paracle's keys: the {@link ParacleLangChain4j} helper (paracle's
 * {@code HttpClientBuilder} per provider configuration, for models users build themselves) and, unless
 * {@code paracle.langchain4j.chat-models.enabled=false}, a {@code ChatModel} and a {@code StreamingChatModel}
 * bean per provider configuration that a LangChain4j module on the class path speaks.
 *
 * @author paracle-keys
 */
@AutoConfiguration(afterName = "io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration")
@ConditionalOnClass(name = { "dev.langchain4j.model.chat.ChatModel", "dev.langchain4j.http.client.HttpClientBuilder" })
@ConditionalOnBean(LlmProviders.class)
@EnableConfigurationProperties(ParacleLangChain4jProperties.class)
public final class ParacleLangChain4jAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ParacleLangChain4j paracleLangChain4j(LlmProviders providers, ParacleProperties properties,
			ObjectProvider<LlmProviderFactory> providerFactory, ResourceLoader resourceLoader) {
		// Apache HttpClient 5 when the application has it (the providers' own client), else the JDK HttpClient
		LlmProviderFactory factory = ClassUtils.isPresent(ParacleLangChain4j.HTTP_CLIENT_5,
				resourceLoader.getClassLoader()) ? providerFactory.getIfUnique() : null;
		return new ParacleLangChain4j(providers, properties.getHttp().getMaxResponseSize().toBytes(), factory);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "paracle.langchain4j.chat-models.enabled", matchIfMissing = true)
	static class ChatModelsConfiguration {

		@Bean
		static LangChain4jChatModelRegistrar langChain4jChatModelRegistrar(ConfigurableEnvironment environment) {
			return new LangChain4jChatModelRegistrar(environment);
		}

		@Bean
		LangChain4jChatModels langChain4jChatModels(ParacleLangChain4j paracle,
				ParacleLangChain4jProperties properties, ObjectProvider<ChatModelListener> listeners) {
			return new LangChain4jChatModels(paracle, properties.getChatModels(), listeners.orderedStream().toList());
		}

	}

}
