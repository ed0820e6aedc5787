package io.paracle.keys.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Measures every call of the annotated method like a provider call: the {@value ApiCallMetrics#CALLS} counter
 * and the {@value ApiCallMetrics#DURATION} timer, tagged with the given provider and operation, the outcome
 * and the HTTP status (from the starter's exceptions and Spring's {@code RestClientResponseException}, else
 * {@code none}). Methods returning a {@link java.util.concurrent.CompletionStage} are measured until the stage
 * completes. The Java form of the guide's {@code @track_api_call(provider="openai")}:
 *
 * <pre class="code">
 * &#64;TrackApiCall(provider = "openai", operation = "summarize")
 * public String summarize(String text) { ... }
 * </pre>
 *
 * Active when AspectJ ({@code org.aspectj:aspectjweaver}) and a Micrometer {@code MeterRegistry} are present;
 * otherwise the annotation does nothing. Exceptions are classified as described on {@link ApiCallOutcome}.
 * Calls of the starter's own providers made inside the method are measured as well, with their own operation.
 *
 * @author paracle-keys
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TrackApiCall {

	/**
	 * The provider: a configuration name such as {@code openai}, or any other short name of the API called.
	 * @return the {@value ApiCallMetrics#PROVIDER} tag
	 */
	String provider();

	/**
	 * The operation. Defaults to the method name. Keep it a constant: it becomes a tag.
	 * @return the {@value ApiCallMetrics#OPERATION} tag
	 */
	String operation() default "";

}
