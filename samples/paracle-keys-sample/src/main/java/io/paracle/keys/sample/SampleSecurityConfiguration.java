package io.paracle.keys.sample;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The sample, safe as shipped: anyone may call the agent routes ({@code /api/v1/agents/**}) and read what probes
 * and scrapers need — the health status (and the liveness and readiness groups), {@code /actuator/prometheus},
 * {@code /actuator/info}; everything else the actuator offers — health details, {@code GET} and {@code POST
 * /actuator/paracle} — needs a user with the {@value #ACTUATOR_ROLE} role over HTTP Basic. The user is
 * {@code spring.security.user.name}/{@code .password} ({@code SPRING_SECURITY_USER_PASSWORD} in the deployment
 * recipes); without a password Spring Boot generates one and prints it once at startup, which is what demo mode
 * relies on.
 * <p>
 * No sessions, and no CSRF tokens: the agent routes and the actuator are called by scripts and services with
 * credentials in each request, never by a browser form.
 *
 * @author paracle-keys
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	/** The role a user needs for health details and the {@code paracle} endpoint. */
	static final String ACTUATOR_ROLE = "ACTUATOR";

	private static final RequestMatcher AGENT_ROUTES = PathPatternRequestMatcher.withDefaults()
		.matcher("/api/v1/agents/**");

	@Bean
	SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) throws Exception {
		RequestMatcher open = EndpointRequest.to("health", "info", "prometheus");
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(open)
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(ACTUATOR_ROLE)
			// the agent routes, the error page, and paths that do not exist (404 problem details)
			.anyRequest()
			.permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(AGENT_ROUTES, EndpointRequest.toAnyEndpoint()));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
