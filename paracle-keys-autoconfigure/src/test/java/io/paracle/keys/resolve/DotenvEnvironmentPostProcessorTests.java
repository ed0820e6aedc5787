package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading {@code .env} files with dotenv rules, at the lowest precedence, and warning when git would commit one.
 */
@ExtendWith(OutputCaptureExtension.class)
class DotenvEnvironmentPostProcessorTests {

	@TempDir
	Path temp;

	private final DeferredLogs logs = new DeferredLogs();

	@Test
	void readsDotenvRulesQuotesExportAndComments() throws IOException {
		Path env = write(".env", """
				# OpenAI
				OPENAI_API_KEY="sk-quoted-0001"
				export CLAUDE_API_KEY=sk-ant-exported-0001
				GEMINI_API_KEY='AIzaSingle0001'   # trailing comment
				GROQ_API_KEY=gsk_plain0001
				""");
		MockEnvironment environment = environment(env);
		postProcess(environment);
		assertThat(environment.getProperty("OPENAI_API_KEY")).isEqualTo("sk-quoted-0001");
		assertThat(environment.getProperty("CLAUDE_API_KEY")).isEqualTo("sk-ant-exported-0001");
		assertThat(environment.getProperty("GEMINI_API_KEY")).isEqualTo("AIzaSingle0001");
		assertThat(environment.getProperty("GROQ_API_KEY")).isEqualTo("gsk_plain0001");
	}

	@Test
	void realEnvironmentWinsOverDotenv() throws IOException {
		Path env = write(".env", "OPENAI_API_KEY=sk-dotenv-0001\n");
		MockEnvironment environment = environment(env);
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					TestEnvironments.map("OPENAI_API_KEY", "sk-env-0001")));
		postProcess(environment);
		assertThat(environment.getProperty("OPENAI_API_KEY")).isEqualTo("sk-env-0001");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow())
			.isInstanceOf(DotenvPropertySource.class);
	}

	@Test
	void switchedOffByProperty() throws IOException {
		Path env = write(".env", "OPENAI_API_KEY=sk-dotenv-0001\n");
		MockEnvironment environment = environment(env).withProperty("paracle.keys.dotenv.enabled", "false");
		postProcess(environment);
		assertThat(environment.getProperty("OPENAI_API_KEY")).isNull();
	}

	@Test
	void missingFileIsNotAnError() {
		MockEnvironment environment = new MockEnvironment().withProperty("paracle.keys.dotenv.path",
				this.temp.resolve("absent.env").toString());
		postProcess(environment);
		assertThat(environment.getPropertySources().stream()).noneMatch(DotenvPropertySource.class::isInstance);
	}

	@Test
	void unparsableLineIsSkippedWithOneWarnAndTheOtherKeysLoad(CapturedOutput output) throws IOException {
		Path env = write(".env", "OPENAI_API_KEY=\"sk-canary-unclosed-0001\nGROQ_API_KEY=gsk_plain0001\n"
				+ "this line is canary junk\nCLAUDE_API_KEY=sk-ant-0001\n");
		MockEnvironment environment = environment(env);
		postProcess(environment);
		this.logs.switchOverAll();
		assertThat(environment.getProperty("OPENAI_API_KEY")).isNull();
		assertThat(environment.getProperty("GROQ_API_KEY")).isEqualTo("gsk_plain0001");
		assertThat(environment.getProperty("CLAUDE_API_KEY")).isEqualTo("sk-ant-0001");
		assertThat(output).contains("Skipped line 1 of " + env + ": it opens a \" quote that is never closed. "
				+ "The other entries of the file were loaded")
			.contains("Skipped line 3 of " + env + ": it is not of the form NAME=value")
			.doesNotContain("canary");
		assertThat(output.toString().lines().filter((line) -> line.contains("Skipped line"))).hasSize(2);
	}

	@Test
	void latin1ByteFailsSayingNotUtf8WithTheLineNumber() throws IOException {
		Path env = this.temp.resolve(".env");
		Files.write(env, "A=1\nOPENAI_API_KEY=sk-canary-caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
		MockEnvironment environment = environment(env);
		assertThatIllegalStateException().isThrownBy(() -> postProcess(environment))
			.withMessageContaining(env + " is not UTF-8: line 2")
			.withMessageNotContaining("permissions")
			.withMessageNotContaining("canary")
			.isInstanceOf(DotenvFileException.class);
	}

	@Test
	void byteOrderMarkAtTheStartIsAccepted() throws IOException {
		Path env = write(".env", "\uFEFFOPENAI_API_KEY=sk-bom-0001\n");
		MockEnvironment environment = environment(env);
		postProcess(environment);
		assertThat(environment.getProperty("OPENAI_API_KEY")).isEqualTo("sk-bom-0001");
	}

	@Test
	void variablesExpandFromTheRealEnvironmentAndEarlierLines() throws IOException {
		Path env = write(".env",
				"PREFIX=sk-proj\nOPENAI_API_KEY=${PREFIX}-${SUFFIX}\nGROQ_API_KEY=${GROQ:-gsk_default0001}\n");
		MockEnvironment environment = environment(env).withProperty("SUFFIX", "env0001");
		postProcess(environment);
		assertThat(environment.getProperty("OPENAI_API_KEY")).isEqualTo("sk-proj-env0001");
		assertThat(environment.getProperty("GROQ_API_KEY")).isEqualTo("gsk_default0001");
	}

	@Test
	void variableThatNothingDefinesWarnsByNameAndLine(CapturedOutput output) throws IOException {
		Path env = write(".env", "A=1\nOPENAI_API_KEY=${OPENAI_API_KEY}\nB=${UNSET_TOO:-fine}\n");
		MockEnvironment environment = environment(env);
		postProcess(environment);
		this.logs.switchOverAll();
		assertThat(environment.getProperty("OPENAI_API_KEY")).isEmpty();
		assertThat(output).contains("Line 2 of " + env + " uses ${OPENAI_API_KEY}, which is not set")
			.doesNotContain("UNSET_TOO");
	}

	@Test
	void warnsWhenGitWouldCommitTheFile(CapturedOutput output) throws Exception {
		git("init", "-q");
		Path env = write(".env", "OPENAI_API_KEY=sk-dotenv-0001\n");
		postProcess(environment(env));
		this.logs.switchOverAll();
		assertThat(output).contains("but git does not ignore it. Add '.env' to .gitignore now")
			.doesNotContain("sk-dotenv-0001");
	}

	@Test
	void staysQuietWhenGitIgnoresTheFile(CapturedOutput output) throws Exception {
		git("init", "-q");
		write(".gitignore", ".env\n");
		Path env = write(".env", "OPENAI_API_KEY=sk-dotenv-0001\n");
		postProcess(environment(env));
		this.logs.switchOverAll();
		assertThat(output).doesNotContain("git does not ignore it");
	}

	private MockEnvironment environment(Path env) {
		return new MockEnvironment().withProperty("paracle.keys.dotenv.path", env.toString());
	}

	private void postProcess(MockEnvironment environment) {
		new DotenvEnvironmentPostProcessor(this.logs).postProcessEnvironment(environment, new SpringApplication());
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.temp.resolve(name), content);
	}

	private void git(String... args) throws Exception {
		String[] command = new String[args.length + 1];
		command[0] = "git";
		System.arraycopy(args, 0, command, 1, args.length);
		Process process = new ProcessBuilder(command).directory(this.temp.toFile()).inheritIO().start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
	}

}
