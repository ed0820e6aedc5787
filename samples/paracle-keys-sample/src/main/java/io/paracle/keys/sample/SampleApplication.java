package io.paracle.keys.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The paracle-keys sample service: {@code POST /api/v1/agents/test} on port 8000 calls a provider with the key
 * the starter resolved for the active profile.
 *
 * @author paracle-keys
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
