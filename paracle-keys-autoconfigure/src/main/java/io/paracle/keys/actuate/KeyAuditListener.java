package io.paracle.keys.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.paracle.keys.resilience.ApiKeyRejectedEvent;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.resolve.ProviderKeys;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

/**
 * Publishes Spring Boot audit events for every access to secrets, so an {@code AuditEventRepository} (and
 * {@code /actuator/auditevents}) records them: {@code API_KEY_RESOLVED} per provider at startup,
 * {@code API_KEY_ROTATED} when a re-read finds new keys, {@code API_KEY_REJECTED} when a provider refuses a key.
 * Data: provider, origin and fingerprints; never a key. The principal is {@code paracle-keys}.
 *
 * @author paracle-keys
 */
class KeyAuditListener {

	/** Audit event type of a key resolved at startup. */
	public static final String RESOLVED = "API_KEY_RESOLVED";

	/** Audit event type of keys replaced by a re-read. */
	public static final String ROTATED = "API_KEY_ROTATED";

	/** Audit event type of a key the provider refused (401/403). */
	public static final String REJECTED = "API_KEY_REJECTED";

	/** Principal of the audit events. */
	public static final String PRINCIPAL = "paracle-keys";

	private final ApiKeyResolver resolver;

	private final ApplicationEventPublisher publisher;

	/**
	 * Create a new listener.
	 * @param resolver the key resolver
	 * @param publisher where audit events go
	 */
	public KeyAuditListener(ApiKeyResolver resolver, ApplicationEventPublisher publisher) {
		this.resolver = resolver;
		this.publisher = publisher;
	}

	/**
	 * Record the keys resolved at startup.
	 * @param event the ready event
	 */
	@EventListener
	public void onReady(ApplicationReadyEvent event) {
		this.resolver.allKeys().forEach((provider, keys) -> publish(RESOLVED, provider, keys));
	}

	/**
	 * Record a rotation.
	 * @param event the rotation event
	 */
	@EventListener
	public void onRotated(ApiKeysRotatedEvent event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("provider", event.getProvider());
		data.put("origin", event.getOrigin());
		data.put("previousFingerprints", event.getPreviousFingerprints());
		data.put("fingerprints", event.getCurrentFingerprints());
		this.publisher.publishEvent(new AuditApplicationEvent(PRINCIPAL, ROTATED, data));
	}

	/**
	 * Record a key a provider refused.
	 * @param event the rejection
	 */
	@EventListener
	public void onRejected(ApiKeyRejectedEvent event) {
		rejected(event.getProvider(), event.getFingerprint(), event.getOrigin(), event.getStatus());
	}

	/**
	 * Record a key the provider refused.
	 * @param provider the provider configuration name
	 * @param fingerprint the refused key's fingerprint
	 * @param origin where the key came from
	 * @param status the HTTP status
	 */
	public void rejected(String provider, String fingerprint, String origin, int status) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("provider", provider);
		data.put("origin", origin);
		data.put("fingerprint", fingerprint);
		data.put("status", status);
		this.publisher.publishEvent(new AuditApplicationEvent(PRINCIPAL, REJECTED, data));
	}

	private void publish(String type, String provider, ProviderKeys keys) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("provider", provider);
		data.put("origin", (keys.origin() != null) ? keys.origin().description() : "aws-default-credentials-chain");
		data.put("fingerprints", keys.fingerprints());
		ApplicationEvent audit = new AuditApplicationEvent(PRINCIPAL, type, data);
		this.publisher.publishEvent(audit);
	}

}
