package io.paracle.keys.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis servers for the shared-state tests: the one on 127.0.0.1:6379 when it answers (CI always has one,
 * see {@code .ci/run}), else a {@code redis-server} started on a free port when the binary is on the PATH, else
 * the test is skipped with how to run it. Tests use a key prefix of their own and delete their keys after.
 */
public final class RedisServers {

	private static final String HOW_TO_RUN = "No Redis answers on 127.0.0.1:6379 and redis-server is not on the "
			+ "PATH: install Redis (apt-get install redis-server) or start one on 127.0.0.1:6379 to run the "
			+ "shared-state tests (CI always runs them, .ci/run starts a Redis server)";

	private static Endpoint shared;

	private RedisServers() {
	}

	/**
	 * Return a Redis server the tests may use, skipping the test when there is none.
	 * @return its port on 127.0.0.1
	 */
	public static synchronized int port() {
		if (shared == null) {
			if (answers(6379)) {
				shared = new Endpoint(6379, null);
			}
			else {
				OwnRedis own = start();
				Runtime.getRuntime().addShutdownHook(new Thread(own::stop));
				shared = new Endpoint(own.port(), own);
			}
		}
		return shared.port();
	}

	/**
	 * Return a Redis server the tests may use, or {@code -1} when there is none (for tests that also run without).
	 * @return its port on 127.0.0.1, or {@code -1}
	 */
	public static synchronized int portIfAny() {
		if (shared == null && !answers(6379) && !onPath("redis-server")) {
			return -1;
		}
		return port();
	}

	/**
	 * Return a key prefix of its own for one test.
	 * @return the prefix
	 */
	public static String uniquePrefix() {
		return "paracle-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	/**
	 * Start a Redis server of the test's own on a free port (to stop and restart it), skipping the test when
	 * {@code redis-server} is not on the PATH.
	 * @return the server
	 */
	public static OwnRedis start() {
		Assumptions.assumeTrue(onPath("redis-server"), HOW_TO_RUN);
		OwnRedis redis = new OwnRedis(freePort());
		redis.restart();
		return redis;
	}

	/**
	 * Return every key under a prefix with its value.
	 * @param port the server's port
	 * @param prefix the prefix
	 * @return key and value, one string each ({@code key=value})
	 */
	public static List<String> entries(int port, String prefix) {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			List<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500))
				.stream()
				.toList();
			return keys.stream().map((key) -> {
				String type = connection.sync().type(key);
				String value = "string".equals(type) ? connection.sync().get(key) : "<" + type + ">";
				return key + "=" + value;
			}).toList();
		}
	}

	/**
	 * Delete every key under a prefix.
	 * @param port the server's port
	 * @param prefix the prefix
	 */
	public static void clean(int port, String prefix) {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			List<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500))
				.stream()
				.toList();
			if (!keys.isEmpty()) {
				connection.sync().del(keys.toArray(String[]::new));
			}
		}
	}

	static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			return "+PONG".equals(in.readLine());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean onPath(String binary) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (new File(dir, binary).canExecute()) {
				return true;
			}
		}
		return false;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Endpoint(int port, OwnRedis own) {

	}

	/**
	 * A {@code redis-server} process of one test, without persistence.
	 */
	public static final class OwnRedis {

		private final int port;

		private Process process;

		OwnRedis(int port) {
			this.port = port;
		}

		/**
		 * Return its port on 127.0.0.1.
		 * @return the port
		 */
		public int port() {
			return this.port;
		}

		/**
		 * Start it (again), waiting until it answers.
		 */
		public void restart() {
			try {
				this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
						"127.0.0.1", "--save", "", "--appendonly", "no")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start redis-server", ex);
			}
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!answers(this.port)) {
				if (System.nanoTime() > end) {
					throw new IllegalStateException("redis-server did not answer on port " + this.port);
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}

		/**
		 * Kill it, waiting until it is gone.
		 */
		public void stop() {
			Process process = this.process;
			if (process != null && process.isAlive()) {
				process.destroyForcibly();
				try {
					process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
