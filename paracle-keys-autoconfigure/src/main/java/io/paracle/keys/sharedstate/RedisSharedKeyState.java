package io.paracle.keys.sharedstate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.resilience.TokenBudget;
import io.paracle.keys.resolve.ApiKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The {@link SharedKeyState} in Redis, through the application's {@link LettuceConnectionFactory}. Per provider
 * configuration {@code name}, under the key prefix {@code P} ({@code paracle.shared-state.key-prefix}) and the
 * hash tag {@code {name}} (so a configuration's keys share one Redis Cluster slot):
 * <ul>
 * <li>{@code P{name}:cooldown:<fingerprint>}: epoch millis until which the key cools down, expiring then;</li>
 * <li>{@code P{name}:rejected:<fingerprint>}: the HTTP status that refused the key, for a day;</li>
 * <li>{@code P{name}:budget:<budget>:<window>}: tokens counted in a budget window, expiring a minute after it;</li>
 * <li>{@code P{name}:requests}: Bucket4j's state of the request limit;</li>
 * <li>channel {@code Pkeys-changed}: {@code <name>\n<replica id>} when a re-read after a rejection found new
 * keys.</li>
 * </ul>
 * A key selection costs one {@code MGET}; a permit Bucket4j's compare-and-swap ({@code GET} and {@code EVAL});
 * a budget check one {@code MGET} and counting an answer one {@code EVAL}. Every call-path operation waits at
 * most {@code paracle.shared-state.timeout}; a failure answers from local state ({@link SharedStateStatus}).
 * Only fingerprints are written, never a key.
 *
 * @author paracle-keys
 */
class RedisSharedKeyState implements SharedKeyState, MessageListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisSharedKeyState.class);

	/** How long a rejection is shared: a rotated key has another fingerprint, so it only ages out. */
	static final Duration REJECTION_TTL = Duration.ofDays(1);

	/** How long a budget window's count outlives the window. */
	private static final long BUDGET_GRACE_MILLIS = Duration.ofMinutes(1).toMillis();

	private static final Duration MINUTE = Duration.ofMinutes(1);

	/** Adds the tokens to every window and sets its expiry; returns the new counts, comma separated. */
	private static final RedisScript<String> ADD_TOKENS = RedisScript.of("""
			local counts = {}
			for i, key in ipairs(KEYS) do
			  counts[i] = tostring(redis.call('incrby', key, ARGV[1]))
			  redis.call('pexpireat', key, ARGV[i + 1])
			end
			return table.concat(counts, ',')""", String.class);

	private final LettuceConnectionFactory connectionFactory;

	private final ReactiveStringRedisTemplate template;

	private final SharedStateStatus status;

	private final String prefix;

	private final String channel;

	private final Duration timeout;

	private final Clock clock;

	private final Supplier<@Nullable KeyRefresher> refresher;

	private final String replicaId = UUID.randomUUID().toString();

	private final Map<String, KeyNames> keyNames = new ConcurrentHashMap<>();

	private final Map<String, BucketProxy> buckets = new ConcurrentHashMap<>();

	private volatile @Nullable ProxyManager<byte[]> proxyManager;

	private volatile @Nullable RedisConnection bucketConnection;

	RedisSharedKeyState(LettuceConnectionFactory connectionFactory, SharedStateStatus status,
			SharedStateProperties properties, Clock clock, Supplier<@Nullable KeyRefresher> refresher) {
		this.connectionFactory = connectionFactory;
		this.template = new ReactiveStringRedisTemplate(connectionFactory);
		this.status = status;
		this.prefix = properties.getKeyPrefix();
		this.channel = channel(properties.getKeyPrefix());
		this.timeout = properties.getTimeout();
		this.clock = clock;
		this.refresher = refresher;
	}

	static String channel(String prefix) {
		return prefix + "keys-changed";
	}

	@Override
	public @Nullable SharedKeys read(String provider, List<ApiKey> keys) {
		if (!this.status.tryStore()) {
			return null;
		}
		List<String> names = names(provider, keys);
		try {
			List<String> values = this.template.opsForValue().multiGet(names).block(this.timeout);
			this.status.succeeded();
			long[] coolingUntil = new long[keys.size()];
			boolean[] rejected = new boolean[keys.size()];
			if (values != null) {
				for (int i = 0; i < keys.size(); i++) {
					String until = values.get(2 * i);
					coolingUntil[i] = (until != null) ? Long.parseLong(until) : 0;
					rejected[i] = values.get(2 * i + 1) != null;
				}
			}
			return new SharedKeys(coolingUntil, rejected);
		}
		catch (RuntimeException ex) {
			this.status.failed("a key state read", ex);
			return null;
		}
	}

	@Override
	public void cooled(String provider, ApiKey key, Instant until) {
		long ttl = until.toEpochMilli() - this.clock.millis();
		if (ttl > 0) {
			run("a cool-down", () -> this.template.opsForValue()
				.set(cooldownKey(provider, key.fingerprint()), Long.toString(until.toEpochMilli()),
						Duration.ofMillis(ttl))
				.block(this.timeout));
		}
	}

	@Override
	public void rejected(String provider, ApiKey key, int status) {
		run("a rejection", () -> this.template.opsForValue()
			.set(rejectedKey(provider, key.fingerprint()), Integer.toString(status), REJECTION_TTL)
			.block(this.timeout));
	}

	@Override
	public void accepted(String provider, ApiKey key) {
		run("an accepted key", () -> this.template.delete(rejectedKey(provider, key.fingerprint())).block(this.timeout));
	}

	@Override
	public void cleared(String provider, List<String> fingerprints) {
		if (fingerprints.isEmpty()) {
			return;
		}
		List<String> names = new ArrayList<>();
		for (String fingerprint : fingerprints) {
			names.add(cooldownKey(provider, fingerprint));
			names.add(rejectedKey(provider, fingerprint));
		}
		run("a reset", () -> this.template.delete(names.toArray(String[]::new)).block(this.timeout));
	}

	@Override
	public @Nullable Duration acquire(String provider, long requestsPerMinute, Duration maxWait)
			throws InterruptedException {
		if (!this.status.tryStore()) {
			return null;
		}
		try {
			BucketProxy bucket = bucket(provider, requestsPerMinute);
			if (maxWait.isZero()) {
				boolean admitted = bucket.tryConsume(1);
				this.status.succeeded();
				return admitted ? Duration.ZERO : NO_PERMIT;
			}
			long start = System.nanoTime();
			boolean admitted = bucket.asBlocking().tryConsume(1, maxWait, BlockingStrategy.PARKING);
			this.status.succeeded();
			return admitted ? Duration.ofNanos(System.nanoTime() - start) : NO_PERMIT;
		}
		catch (RuntimeException ex) {
			this.status.failed("a rate limit permit", ex);
			return null;
		}
	}

	@Override
	public long @Nullable [] tokensUsed(String provider, List<TokenBudget.Window> windows) {
		if (!this.status.tryStore()) {
			return null;
		}
		try {
			List<String> values = this.template.opsForValue().multiGet(budgetKeys(provider, windows))
				.block(this.timeout);
			this.status.succeeded();
			long[] used = new long[windows.size()];
			for (int i = 0; values != null && i < used.length; i++) {
				String value = values.get(i);
				used[i] = (value != null) ? Long.parseLong(value) : 0;
			}
			return used;
		}
		catch (RuntimeException ex) {
			this.status.failed("a budget read", ex);
			return null;
		}
	}

	@Override
	public long @Nullable [] addTokens(String provider, List<TokenBudget.Window> windows, long tokens) {
		if (!this.status.tryStore()) {
			return null;
		}
		List<String> args = new ArrayList<>(windows.size() + 1);
		args.add(Long.toString(tokens));
		for (TokenBudget.Window window : windows) {
			args.add(Long.toString(window.resetsAt().toEpochMilli() + BUDGET_GRACE_MILLIS));
		}
		try {
			String counts = this.template.execute(ADD_TOKENS, budgetKeys(provider, windows), args)
				.next()
				.block(this.timeout);
			this.status.succeeded();
			if (counts == null) {
				return null;
			}
			String[] parts = counts.split(",");
			long[] used = new long[windows.size()];
			for (int i = 0; i < used.length && i < parts.length; i++) {
				used[i] = Long.parseLong(parts[i]);
			}
			return used;
		}
		catch (RuntimeException ex) {
			this.status.failed("a token count", ex);
			return null;
		}
	}

	@Override
	public void keysChanged(String provider) {
		run("a re-read broadcast",
				() -> this.template.convertAndSend(this.channel, provider + "\n" + this.replicaId).block(this.timeout));
	}

	/**
	 * Another replica's re-read after a rejection found new keys: re-read now (the refresher still re-reads at
	 * most once per {@code min-refresh-interval}).
	 */
	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		int separator = body.indexOf('\n');
		if (separator <= 0 || body.substring(separator + 1).equals(this.replicaId)) {
			return;
		}
		String provider = body.substring(0, separator);
		KeyRefresher refresher = this.refresher.get();
		if (refresher == null) {
			return;
		}
		try {
			boolean changed = refresher.refreshAfterRejection(provider);
			logger.info("Another replica found new keys for provider '" + provider + "' after a rejection: keys "
					+ "re-read" + (changed ? ", and they changed" : ", unchanged here"));
		}
		catch (RuntimeException ex) {
			logger.warn("Re-read of provider '" + provider + "' asked for by another replica failed: "
					+ ex.getClass().getSimpleName());
		}
	}

	@Override
	public void destroy() {
		RedisConnection connection = this.bucketConnection;
		if (connection != null) {
			connection.close();
		}
	}

	private void run(String operation, Runnable redis) {
		if (!this.status.tryStore()) {
			return;
		}
		try {
			redis.run();
			this.status.succeeded();
		}
		catch (RuntimeException ex) {
			this.status.failed(operation, ex);
		}
	}

	private BucketProxy bucket(String provider, long requestsPerMinute) {
		BucketProxy bucket = this.buckets.get(provider);
		if (bucket != null) {
			return bucket;
		}
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(requestsPerMinute).refillIntervally(requestsPerMinute, MINUTE))
			.build();
		byte[] key = (base(provider) + "requests").getBytes(StandardCharsets.UTF_8);
		return this.buckets.computeIfAbsent(provider,
				(name) -> proxyManager().builder().build(key, () -> configuration));
	}

	/**
	 * Bucket4j's proxy manager on the connection factory's native Lettuce connection (shared with Spring Data
	 * Redis unless the application switched sharing off), created on the first permit so that startup does not
	 * need Redis.
	 */
	private ProxyManager<byte[]> proxyManager() {
		ProxyManager<byte[]> manager = this.proxyManager;
		if (manager != null) {
			return manager;
		}
		synchronized (this) {
			if (this.proxyManager == null) {
				RedisConnection connection = this.connectionFactory.getConnection();
				RedisClusterAsyncCommands<byte[], byte[]> commands = ((LettuceConnection) connection)
					.getNativeConnection();
				this.bucketConnection = connection;
				this.proxyManager = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]>(
						new LettuceRedisApi<>(commands))
					.requestTimeout(this.timeout)
					.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(MINUTE))
					.build();
			}
			return this.proxyManager;
		}
	}

	private List<String> names(String provider, List<ApiKey> keys) {
		KeyNames cached = this.keyNames.get(provider);
		if (cached != null && cached.keys() == keys) {
			return cached.names();
		}
		List<String> names = new ArrayList<>(keys.size() * 2);
		for (ApiKey key : keys) {
			names.add(cooldownKey(provider, key.fingerprint()));
			names.add(rejectedKey(provider, key.fingerprint()));
		}
		KeyNames fresh = new KeyNames(keys, List.copyOf(names));
		this.keyNames.put(provider, fresh);
		return fresh.names();
	}

	private List<String> budgetKeys(String provider, List<TokenBudget.Window> windows) {
		List<String> names = new ArrayList<>(windows.size());
		for (TokenBudget.Window window : windows) {
			names.add(base(provider) + "budget:" + window.id());
		}
		return names;
	}

	private String cooldownKey(String provider, String fingerprint) {
		return base(provider) + "cooldown:" + fingerprint;
	}

	private String rejectedKey(String provider, String fingerprint) {
		return base(provider) + "rejected:" + fingerprint;
	}

	private String base(String provider) {
		return this.prefix + "{" + provider + "}:";
	}

	private record KeyNames(List<ApiKey> keys, List<String> names) {

	}

	/**
	 * Bucket4j's three Redis commands on Spring Data Redis's native Lettuce connection (standalone, Sentinel or
	 * Cluster). Generic so that no bridge method casts the key arrays, which Bucket4j creates as {@code Object[]}.
	 */
	private static final class LettuceRedisApi<K> implements RedisApi<K> {

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		LettuceRedisApi(RedisClusterAsyncCommands<byte[], byte[]> commands) {
			this.commands = commands;
		}

		@Override
		public <V> RedisFuture<V> eval(String script, ScriptOutputType scriptOutputType, K[] keys, byte[][] params) {
			byte[][] names = new byte[keys.length][];
			for (int i = 0; i < keys.length; i++) {
				names[i] = (byte[]) keys[i];
			}
			return this.commands.eval(script, scriptOutputType, names, params);
		}

		@Override
		public RedisFuture<byte[]> get(K key) {
			return this.commands.get((byte[]) key);
		}

		@Override
		public RedisFuture<?> delete(K key) {
			return this.commands.del((byte[]) key);
		}

	}

}
