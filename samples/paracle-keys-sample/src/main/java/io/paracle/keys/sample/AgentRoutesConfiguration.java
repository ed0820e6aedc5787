package io.paracle.keys.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * What every agent route ({@code /api/v1/agents/*}) shares: its body read as raw bytes, at most
 * {@code paracle.sample.max-request-size} (64KB unless set), before Spring Security and Spring MVC see the
 * request.
 *
 * @author paracle-keys
 */
@Configuration(proxyBeanMethods = false)
class AgentRoutesConfiguration {

	@Bean
	FilterRegistrationBean<AgentRequestBodyFilter> agentRequestBodyFilter(
			@Value("${" + AgentRequestBodyFilter.PROPERTY + ":64KB}") DataSize maxRequestSize) {
		FilterRegistrationBean<AgentRequestBodyFilter> registration = new FilterRegistrationBean<>(
				new AgentRequestBodyFilter(maxRequestSize));
		registration.addUrlPatterns("/api/v1/agents/*");
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

}
