package io.paracle.keys.metrics;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;

/**
 * Aspect that measures methods annotated with {@link TrackApiCall} through an {@link ApiCallTracker}.
 *
 * @author paracle-keys
 */
@Aspect
class TrackApiCallAspect {

	private final ApiCallTracker tracker;

	/**
	 * Create the aspect.
	 * @param tracker the tracker to measure calls with
	 */
	public TrackApiCallAspect(ApiCallTracker tracker) {
		this.tracker = tracker;
	}

	/**
	 * Measure a call of an annotated method.
	 * @param joinPoint the call
	 * @param trackApiCall the annotation
	 * @return what the method returned (for a {@link CompletionStage}, a stage that completes with it)
	 * @throws Throwable what the method threw
	 */
	@Around("@annotation(trackApiCall)")
	public @Nullable Object track(ProceedingJoinPoint joinPoint, TrackApiCall trackApiCall) throws Throwable {
		String operation = trackApiCall.operation().isEmpty() ? joinPoint.getSignature().getName()
				: trackApiCall.operation();
		ApiCall call = this.tracker.start(trackApiCall.provider(), null, operation, null);
		Object result;
		try {
			result = joinPoint.proceed();
		}
		catch (Throwable ex) {
			call.error(ex);
			call.stop();
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			call.closeScope();
			return stage.whenComplete((value, ex) -> {
				if (ex != null) {
					call.error(unwrap(ex));
				}
				call.stop();
			});
		}
		call.stop();
		return result;
	}

	private static Throwable unwrap(Throwable ex) {
		if ((ex instanceof CompletionException || ex instanceof ExecutionException) && ex.getCause() != null) {
			return ex.getCause();
		}
		return ex;
	}

}
