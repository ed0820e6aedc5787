package io.paracle.keys.sharedstate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.ClientRateLimiter;
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
 * <li>{@code P{name}:requests}: the request limit's window, {@code <start epoch millis>:<permits taken>};</li>
 * <li>channel {@code Pkeys-changed}: {@code <name>\n<replica id>} when a re-read after a rejection found new
 * keys.</li>
 * </ul>
 * A call attempt costs one round trip: one {@code EVALSHA} of {@link #ADMIT} reads the key state and the budget
 * counts and takes the permit ({@link #admit}); counting an answer's tokens is one {@code EVALSHA} after the
 * answer. Every call-path operation waits at most {@code paracle.shared-state.timeout};
 * a failure answers from local state ({@link SharedStateStatus}). Only fingerprints are written, never a key.
 * <p>
 * The request limit is the same fixed one-minute window as the local {@link ClientRateLimiter} (Bucket4j's
 * {@code refillIntervally}: all permits come back at the end of each minute since the window started, and a call
 * that waits reserves a permit of a later window), computed in the script on Redis's clock ({@code TIME}), so
 * that taking a permit is one atomic step. Bucket4j's Redis integration (8.19) is compare-and-swap only: a
 * {@code GET} and an {@code EVAL} per permit, more when replicas contend, which cannot be folded into one round
 * trip with the key state.
 *
 * @author paracle-keys
 */
class RedisSharedKeyState implements SharedKeyState, MessageListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisSharedKeyState.class);

	/** How long a rejection is shared: a rotated key has another fingerprint, so it only ages out. */
	static final Duration REJECTION_TTL = Duration.ofDays(1);

	/** How long a budget window's count outlives the window. */
	private static final long BUDGET_GRACE_MILLIS = Duration.ofMinutes(1).toMillis();

	/** Adds the tokens to every window and sets its expiry; returns the new counts, comma separated. */
	private static final String ADD_TOKENS = """
			local counts = {}
			for i, key in ipairs(KEYS) do
			  counts[i] = tostring(redis.call('incrby', key, ARGV[1]))
			  redis.call('pexpireat', key, ARGV[i + 1])
			end
			return table.concat(counts, ',')""";

	/**
	 * What a call attempt needs, at once. KEYS: the request limit's window, the budget windows, then the
	 * cool-down and rejection of each key. ARGV: requests per minute (0: no permit), the longest wait in millis,
	 * the replica's clock in millis (cool-downs are written on it), the number of budgets, their limits. Returns
	 * the permit (-2 none taken: no limit, a budget used up or no usable key; -1 none within the wait; else the
	 * millis to wait), the budget counts, then per key its cool-down (epoch millis, 0 for none) and whether it is
	 * rejected (0 or 1).
	 */
	static final String ADMIT = """
			local budgets = tonumber(ARGV[4])
			local answer = {-2}
			local open = true
			for i = 1, budgets do
			  local used = tonumber(redis.call('get', KEYS[1 + i]) or '0')
			  answer[#answer + 1] = used
			  if used >= tonumber(ARGV[4 + i]) then open = false end
			end
			local replicaNow = tonumber(ARGV[3])
			local usable = #KEYS == 1 + budgets
			for i = 2 + budgets, #KEYS, 2 do
			  local cooling = tonumber(redis.call('get', KEYS[i]) or '0')
			  local rejected = redis.call('exists', KEYS[i + 1])
			  answer[#answer + 1] = cooling
			  answer[#answer + 1] = rejected
			  if cooling <= replicaNow and rejected == 0 then usable = true end
			end
			local limit = tonumber(ARGV[1])
			if limit > 0 and open and usable then
			  -- TIME before a write needs effects replication before Redis 5 (always on from 7)
			  if redis.replicate_commands then redis.replicate_commands() end
			  local time = redis.call('time')
			  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			  local start, taken = now, 0
			  local window = redis.call('get', KEYS[1])
			  if window then
			    local s, t = string.match(window, '^(%d+):(%d+)$')
			    if s then start, taken = tonumber(s), tonumber(t) end
			  end
			  if now >= start + 60000 then
			    local passed = math.floor((now - start) / 60000)
			    start = start + passed * 60000
			    taken = math.max(0, taken - passed * limit)
			  end
			  local wait = 0
			  local ahead = math.floor(taken / limit)
			  if ahead > 0 then wait = start + ahead * 60000 - now end
			  if wait <= tonumber(ARGV[2]) then
			    taken = taken + 1
			    local full = start + math.ceil(taken / limit) * 60000
			    redis.call('set', KEYS[1], string.format('%d:%d', start, taken), 'px',
			      string.format('%d', full - now + 60000))
			    answer[1] = wait
			  else
			    answer[1] = -1
			  end
			end
			return answer""";

	private static final long NONE_TAKEN = -2;

	private static final long REFUSED = -1;

	private final LettuceConnectionFactory connectionFactory;

	private final SharedStateStatus status;

	private final String prefix;

	private final byte[] channel;

	private final long timeoutNanos;

	private final Clock clock;

	private final Supplier<@Nullable KeyRefresher> refresher;

	private final String replicaId = UUID.randomUUID().toString();

	private final Map<String, KeyNames> keyNames = new ConcurrentHashMap<>();

	private final Map<String, BudgetNames> budgetNames = new ConcurrentHashMap<>();

	private final Map<String, AdmitNames> admitNames = new ConcurrentHashMap<>();

	private final Map<String, byte[][]> permitNames = new ConcurrentHashMap<>();

	private final String admitDigest;

	private final String addTokensDigest;

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;

	private volatile @Nullable RedisConnection connection;

	RedisSharedKeyState(LettuceConnectionFactory connectionFactory, SharedStateStatus status,
			SharedStateProperties properties, Clock clock, Supplier<@Nullable KeyRefresher> refresher) {
		this.connectionFactory = connectionFactory;
		this.status = status;
		this.prefix = properties.getKeyPrefix();
		this.channel = bytes(channel(properties.getKeyPrefix()));
		this.admitDigest = sha1(ADMIT);
		this.addTokensDigest = sha1(ADD_TOKENS);
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
	public @Nullable Admission admit(String provider, List<ApiKey> keys, @Nullable ClientRateLimiter limiter,
			@Nullable TokenBudget budget) {
		if (!this.status.tryStore()) {
			return null;
		}
		List<TokenBudget.Window> windows = (budget != null) ? budget.currentWindows() : List.of();
		AdmitNames names = admitNames(provider, keys, windows, budget);
		byte[][] args = names.args().clone();
		if (limiter != null) {
			args[0] = bytes(Long.toString(limiter.getRequestsPerMinute()));
			args[1] = bytes(Long.toString(limiter.getMaxWait().toMillis()));
		}
		args[2] = bytes(Long.toString(this.clock.millis()));
		try {
			List<Object> answer = script(ADMIT, this.admitDigest, ScriptOutputType.MULTI, names.names(), args);
			this.status.succeeded();
			long[] used = new long[windows.size()];
			for (int i = 0; i < used.length; i++) {
				used[i] = (Long) answer.get(1 + i);
			}
			long[] coolingUntil = new long[keys.size()];
			boolean[] rejected = new boolean[keys.size()];
			for (int i = 0, at = 1 + used.length; i < coolingUntil.length; i++, at += 2) {
				coolingUntil[i] = (Long) answer.get(at);
				rejected[i] = (Long) answer.get(at + 1) != 0;
			}
			return new Admission(keys, new SharedKeys(coolingUntil, rejected), windows, used,
					permit((Long) answer.get(0)));
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed("a call admission", ex);
			return null;
		}
	}

	@Override
	public @Nullable Duration acquire(String provider, long requestsPerMinute, Duration maxWait)
			throws InterruptedException {
		if (!this.status.tryStore()) {
			return null;
		}
		byte[][] args = { bytes(Long.toString(requestsPerMinute)), bytes(Long.toString(maxWait.toMillis())),
				bytes(Long.toString(this.clock.millis())), bytes("0") };
		Duration permit;
		try {
			List<Object> answer = script(ADMIT, this.admitDigest, ScriptOutputType.MULTI, permitNames(provider),
					args);
			this.status.succeeded();
			permit = permit((Long) answer.get(0));
		}
		catch (RuntimeException | TimeoutException | ExecutionException ex) {
			this.status.failed("a rate limit permit", ex);
			return null;
		}
		if (permit == null || permit == NO_PERMIT) {
			return NO_PERMIT;
		}
		if (!permit.isZero()) {
			TimeUnit.NANOSECONDS.sleep(permit.toNanos());
		}
		return permit;
	}

	private static @Nullable Duration permit(long answer) {
		if (answer == NONE_TAKEN) {
			return null;
		}
		return (answer == REFUSED) ? NO_PERMIT : Duration.ofMillis(answer);
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

	/**
	 * Count an answer's tokens in Redis, waiting for the counts: sent without waiting, another replica's next
	 * call could read the budget before they land and pass a budget that is used up.
	 */
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
			byte[] counts = script(ADD_TOKENS, this.addTokensDigest, ScriptOutputType.VALUE,
					budgetKeys(provider, windows), args);
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

	/**
	 * Run a script by its digest, loading it with {@code EVAL} when Redis does not know it (the first call, or
	 * after a restart), waiting at most the timeout for each.
	 */
	private <T> T script(String script, String digest, ScriptOutputType type, byte[][] keys, byte[][] args)
			throws TimeoutException, ExecutionException {
		try {
			return await(commands().<T>evalsha(digest, type, keys, args));
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof RedisNoScriptException)) {
				throw ex;
			}
			return await(commands().<T>eval(script, type, keys, args));
		}
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

	/**
	 * The keys and the constant arguments of {@link #ADMIT} for one key list and one list of windows, read with
	 * their identity (the lists change when the keys do or a window ends).
	 */
	private AdmitNames admitNames(String provider, List<ApiKey> keys, List<TokenBudget.Window> windows,
			@Nullable TokenBudget budget) {
		AdmitNames cached = this.admitNames.get(provider);
		if (cached != null && cached.keys() == keys && cached.windows() == windows) {
			return cached;
		}
		byte[][] budgetKeys = budgetKeys(provider, windows);
		byte[][] keyNames = names(provider, keys);
		byte[][] names = new byte[1 + budgetKeys.length + keyNames.length][];
		names[0] = permitNames(provider)[0];
		System.arraycopy(budgetKeys, 0, names, 1, budgetKeys.length);
		System.arraycopy(keyNames, 0, names, 1 + budgetKeys.length, keyNames.length);
		byte[][] args = new byte[4 + windows.size()][];
		args[0] = bytes("0");
		args[1] = args[0];
		args[3] = bytes(Integer.toString(windows.size()));
		List<TokenBudget.Limit> limits = (budget != null) ? budget.limits() : List.of();
		for (int i = 0; i < windows.size(); i++) {
			args[4 + i] = bytes(Long.toString(limits.get(i).tokens()));
		}
		AdmitNames admit = new AdmitNames(keys, windows, names, args);
		this.admitNames.put(provider, admit);
		return admit;
	}

	private byte[][] permitNames(String provider) {
		return this.permitNames.computeIfAbsent(provider,
				(name) -> new byte[][] { bytes(base(name) + "requests") });
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

	private static String sha1(String script) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(script)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/** The key-state names of one key list, read with its identity (the list changes when the keys do). */
	private record KeyNames(List<ApiKey> keys, byte[][] names) {

	}

	/** The keys and constant arguments of {@link #ADMIT} for one key list and one list of windows. */
	private record AdmitNames(List<ApiKey> keys, List<TokenBudget.Window> windows, byte[][] names, byte[][] args) {

	}

	/** The budget names of one list of windows (the list changes when a window ends). */
	private record BudgetNames(List<TokenBudget.Window> windows, byte[][] names) {

	}

}
