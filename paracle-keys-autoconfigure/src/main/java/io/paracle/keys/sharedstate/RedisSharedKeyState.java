package io.paracle.keys.sharedstate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
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

/**
 * The {@link SharedKeyState} in Redis, through the application's {@link LettuceConnectionFactory}: the commands go
 * over its native Lettuce connection (the one Spring Data Redis shares), asynchronously, each awaited at most
 * {@code paracle.shared-state.timeout} and cancelled after it. Per provider
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
	private static final String ADD_TOKENS = """
			local counts = {}
			for i, key in ipairs(KEYS) do
			  counts[i] = tostring(redis.call('incrby', key, ARGV[1]))
			  redis.call('pexpireat', key, ARGV[i + 1])
			end
			return table.concat(counts, ',')""";

	private final LettuceConnectionFactory connectionFactory;

	private final SharedStateStatus status;

	private final String prefix;

	private final byte[] channel;

	private final long timeoutNanos;

	private final Duration timeout;

	private final Clock clock;

	private final Supplier<@Nullable KeyRefresher> refresher;

	private final String replicaId = UUID.randomUUID().toString();

	private final Map<String, KeyNames> keyNames = new ConcurrentHashMap<>();

	private final Map<String, BudgetNames> budgetNames = new ConcurrentHashMap<>();

	private final Map<String, BucketProxy> buckets = new ConcurrentHashMap<>();

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;

	private volatile @Nullable ProxyManager<byte[]> proxyManager;

	private volatile @Nullable RedisConnection connection;

	RedisSharedKeyState(LettuceConnectionFactory connectionFactory, SharedStateStatus status,
			SharedStateProperties properties, Clock clock, Supplier<@Nullable KeyRefresher> refresher) {
		this.connectionFactory = connectionFactory;
		this.status = status;
		this.prefix = properties.getKeyPrefix();
		this.channel = bytes(channel(properties.getKeyPrefix()));
		this.timeout = properties.getTimeout();
		this.timeoutNanos = properties.getTimeout().toNanos();
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
		try {
			List<KeyValue<byte[], byte[]>> values = await(commands().mget(names(provider, keys)));
			this.status.succeeded();
			long[] coolingUntil = new long[keys.size()];
			boolean[] rejected = new boolean[keys.size()];
			for (int i = 0; i < keys.size(); i++) {
				KeyValue<byte[], byte[]> until = values.get(2 * i);
				coolingUntil[i] = until.hasValue() ? Long.parseLong(string(until.getValue())) : 0;
				rejected[i] = values.get(2 * i + 1).hasValue();
			}
			return new SharedKeys(coolingUntil, rejected);
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed("a key state read", ex);
			return null;
		}
	}

	@Override
	public void cooled(String provider, ApiKey key, Instant until) {
		long ttl = until.toEpochMilli() - this.clock.millis();
		if (ttl > 0) {
			run("a cool-down", () -> commands().set(bytes(cooldownKey(provider, key.fingerprint())),
					bytes(Long.toString(until.toEpochMilli())), SetArgs.Builder.px(ttl)));
		}
	}

	@Override
	public void rejected(String provider, ApiKey key, int status) {
		run("a rejection", () -> commands().set(bytes(rejectedKey(provider, key.fingerprint())),
				bytes(Integer.toString(status)), SetArgs.Builder.px(REJECTION_TTL.toMillis())));
	}

	@Override
	public void accepted(String provider, ApiKey key) {
		run("an accepted key", () -> commands().del(bytes(rejectedKey(provider, key.fingerprint()))));
	}

	@Override
	public void cleared(String provider, List<String> fingerprints) {
		if (fingerprints.isEmpty()) {
			return;
		}
		byte[][] names = new byte[fingerprints.size() * 2][];
		for (int i = 0; i < fingerprints.size(); i++) {
			names[2 * i] = bytes(cooldownKey(provider, fingerprints.get(i)));
			names[2 * i + 1] = bytes(rejectedKey(provider, fingerprints.get(i)));
		}
		run("a reset", () -> commands().del(names));
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
			List<KeyValue<byte[], byte[]>> values = await(commands().mget(budgetKeys(provider, windows)));
			this.status.succeeded();
			long[] used = new long[windows.size()];
			for (int i = 0; i < used.length; i++) {
				KeyValue<byte[], byte[]> value = values.get(i);
				used[i] = value.hasValue() ? Long.parseLong(string(value.getValue())) : 0;
			}
			return used;
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed("a budget read", ex);
			return null;
		}
	}

	@Override
	public long @Nullable [] addTokens(String provider, List<TokenBudget.Window> windows, long tokens) {
		if (!this.status.tryStore()) {
			return null;
		}
		byte[][] args = new byte[windows.size() + 1][];
		args[0] = bytes(Long.toString(tokens));
		for (int i = 0; i < windows.size(); i++) {
			args[i + 1] = bytes(Long.toString(windows.get(i).resetsAt().toEpochMilli() + BUDGET_GRACE_MILLIS));
		}
		try {
			byte[] counts = await(commands().<byte[]>eval(ADD_TOKENS, ScriptOutputType.VALUE,
					budgetKeys(provider, windows), args));
			this.status.succeeded();
			String[] parts = string(counts).split(",");
			long[] used = new long[windows.size()];
			for (int i = 0; i < used.length && i < parts.length; i++) {
				used[i] = Long.parseLong(parts[i]);
			}
			return used;
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed("a token count", ex);
			return null;
		}
	}

	@Override
	public void keysChanged(String provider) {
		run("a re-read broadcast", () -> commands().publish(this.channel, bytes(provider + "\n" + this.replicaId)));
	}

	/**
	 * Another replica's re-read after a rejection found new keys: re-read now (the refresher still re-reads at
	 * most once per {@code min-refresh-interval}).
	 */
	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		String body = string(message.getBody());
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
		RedisConnection connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * Run a write on the call path, waiting at most the timeout.
	 */
	private void run(String operation, Supplier<RedisFuture<?>> redis) {
		if (!this.status.tryStore()) {
			return;
		}
		try {
			await(redis.get());
			this.status.succeeded();
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed(operation, ex);
		}
	}

	/**
	 * Wait for a command at most {@code paracle.shared-state.timeout}; a command that takes longer is cancelled.
	 */
	private <T> T await(RedisFuture<T> future) throws TimeoutException, ExecutionException {
		try {
			return future.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			throw new ExecutionException(ex);
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
		byte[] key = bytes(base(provider) + "requests");
		ProxyManager<byte[]> manager = proxyManager();
		return this.buckets.computeIfAbsent(provider, (name) -> manager.builder().build(key, () -> configuration));
	}

	private ProxyManager<byte[]> proxyManager() {
		ProxyManager<byte[]> manager = this.proxyManager;
		if (manager == null) {
			synchronized (this) {
				manager = this.proxyManager;
				if (manager == null) {
					manager = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]>(
							new LettuceRedisApi<>(commands()))
						.requestTimeout(this.timeout)
						.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(MINUTE))
						.build();
					this.proxyManager = manager;
				}
			}
		}
		return manager;
	}

	/**
	 * The connection factory's native Lettuce commands (the connection Spring Data Redis shares, unless the
	 * application switched sharing off), opened on the first operation so that startup does not need Redis.
	 */
	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.commands;
		if (commands == null) {
			synchronized (this) {
				commands = this.commands;
				if (commands == null) {
					RedisConnection connection = this.connectionFactory.getConnection();
					commands = ((LettuceConnection) connection).getNativeConnection();
					this.connection = connection;
					this.commands = commands;
				}
			}
		}
		return commands;
	}

	private byte[][] names(String provider, List<ApiKey> keys) {
		KeyNames cached = this.keyNames.get(provider);
		if (cached != null && cached.keys() == keys) {
			return cached.names();
		}
		byte[][] names = new byte[keys.size() * 2][];
		for (int i = 0; i < keys.size(); i++) {
			names[2 * i] = bytes(cooldownKey(provider, keys.get(i).fingerprint()));
			names[2 * i + 1] = bytes(rejectedKey(provider, keys.get(i).fingerprint()));
		}
		this.keyNames.put(provider, new KeyNames(keys, names));
		return names;
	}

	private byte[][] budgetKeys(String provider, List<TokenBudget.Window> windows) {
		BudgetNames cached = this.budgetNames.get(provider);
		if (cached != null && cached.windows() == windows) {
			return cached.names();
		}
		byte[][] names = new byte[windows.size()][];
		for (int i = 0; i < windows.size(); i++) {
			names[i] = bytes(base(provider) + "budget:" + windows.get(i).id());
		}
		this.budgetNames.put(provider, new BudgetNames(windows, names));
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

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/** The key-state names of one key list, read with its identity (the list changes when the keys do). */
	private record KeyNames(List<ApiKey> keys, byte[][] names) {

	}

	/** The budget names of one list of windows (the list changes when a window ends). */
	private record BudgetNames(List<TokenBudget.Window> windows, byte[][] names) {

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
