package io.paracle.keys.sample;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of every {@code POST} to an agent route ({@code /api/v1/agents/*}) as raw bytes, before anything
 * can decode it as a form, into an {@link AgentRequestBody} request attribute — at most
 * {@code paracle.sample.max-request-size}: a larger body (by its {@code Content-Length}, or as it is read) is
 * answered {@code 413} with an {@code application/problem+json} body and never reaches a provider.
 *
 * @author paracle-keys
 */
class AgentRequestBodyFilter extends OncePerRequestFilter {

	static final String PROPERTY = "paracle.sample.max-request-size";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final DataSize maxSize;

	AgentRequestBodyFilter(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long max = this.maxSize.toBytes();
		if (request.getContentLengthLong() > max) {
			tooLarge(request, response);
			return;
		}
		byte[] bytes = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
		if (bytes.length > max) {
			tooLarge(request, response);
			return;
		}
		request.setAttribute(AgentRequestBody.ATTRIBUTE, new AgentRequestBody(bytes, request.getContentType()));
		chain.doFilter(request, response);
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", SampleErrors.TYPE.toString());
		problem.put("title", "request too large");
		problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
		problem.put("detail", "The request body is larger than " + PROPERTY + " (" + describe(this.maxSize)
				+ "). Send a shorter message, or raise " + PROPERTY + ".");
		problem.put("instance", request.getRequestURI());
		problem.put("maxRequestSize", describe(this.maxSize));
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// the rest of the body is not read: the connection is not reused
		response.setHeader("Connection", "close");
		json.writeValue(response.getOutputStream(), problem);
	}

	/** {@code 64KB} rather than {@code 65536B}. */
	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

}
