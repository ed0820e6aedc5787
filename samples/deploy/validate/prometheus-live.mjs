// The dashboard and the alert rules against a real Prometheus scraping the running sample.
// Called by validate.mjs when the `prometheus` binary (Debian's package, extracted by ../validate.sh)
// and the sample jar (built by `./mvnw verify`) are both here:
//  1. starts the sample jar in demo mode (no profile, a clean environment, a free port: an
//     in-process OpenAI stub answers) and Prometheus (scrape every 1s, alert-rules.yml loaded);
//  2. makes real calls: a chat call, a streamed one, one with a bad Bearer key (401 from the
//     stub), one with an unknown ?provider= (400, no provider call);
//  3. waits until Prometheus has scraped the calls twice, then sends every dashboard and alert
//     expression to /api/v1/query: each must succeed, must name only series the sample exports
//     (or one of the allow-listed series a demo run cannot have), and, when all its series are
//     in the scrape, must return data; /api/v1/rules must show every alert rule with health ok.
// Both processes are killed at the end, on exit, Ctrl-C or SIGTERM (and by validate.sh's trap should node die first).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import net from 'node:net';
import { spawn } from 'node:child_process';
import YAML from 'yaml';

/** Series a demo run cannot produce, each with why (beyond SampleTelemetryTests.NOT_IN_THIS_SCRAPE, read from its source). */
const NOT_IN_A_DEMO_RUN = {
	paracle_route_fallbacks_total: 'demo mode configures no route',
	paracle_keys_cooldowns_total: 'the demo stub never answers 429',
	paracle_keys_rejections_total: 'the demo key is never rejected (a bad Bearer key is a per-call key, not a pooled one)',
	paracle_keys_ratelimit_remaining: 'the demo stub sends no x-ratelimit-* headers',
	paracle_key_age_days: 'the demo key has no paracle.providers.openai.key-created date',
};
/** Selectors whose series exist but whose label values a demo run cannot produce. */
const NO_DATA_IN_A_DEMO_RUN = { 'api_calls_total{status="429"}': 'the demo stub never answers 429' };

const WORDS = new Set(['sum', 'min', 'max', 'avg', 'count', 'rate', 'increase', 'irate', 'histogram_quantile', 'by',
	'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'le', 'inf', 'nan']);
/** The series names an expression selects (as SampleTelemetryTests.seriesIn). */
export const seriesOf = (e) => [...e.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ')
	.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
	.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)].filter((x) => !x[1]).map((x) => x[0])
	.filter((n) => !WORDS.has(n.toLowerCase()));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((resolve, reject) => {
	const s = net.createServer();
	s.once('error', reject);
	s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
async function http(url, init = {}, timeoutMs = 10000) {
	const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
	return { status: res.status, text: await res.text() };
}
/** Poll until check() returns a truthy value or the deadline passes (then the last error, or null). */
async function until(deadline, check, everyMs = 300) {
	for (;;) {
		try { const v = await check(); if (v) return v; } catch { /* not yet */ }
		if (Date.now() > deadline) return null;
		await sleep(everyMs);
	}
}

/**
 * Start the sample and Prometheus, and return the check that runs once they are up: started early by validate.mjs,
 * so that the sample boots while the other checks run.
 * @param {object} o REPO, DEPLOY, jar, prometheus (binary), java (binary)
 * @returns {Promise<(o: {version: string, report: {pass: Function, fail: Function}}) => Promise<void>>}
 */
export async function startLive({ REPO, DEPLOY, jar, prometheus, java }) {
	const dashboardFile = path.join(DEPLOY, 'grafana', 'paracle-keys.json');
	const rulesFile = path.join(DEPLOY, 'prometheus', 'alert-rules.yml');
	const started = Date.now();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paracle-live-'));
	const children = [];
	// validate.sh kills the pids listed in PARACLE_VALIDATE_PIDS on exit, should this process die first
	const pidFile = process.env.PARACLE_VALIDATE_PIDS;
	const killAll = () => {
		for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
		children.length = 0;
		if (pidFile) { try { fs.writeFileSync(pidFile, ''); } catch { /* gone */ } }
	};
	const onSignal = (sig) => { killAll(); fs.rmSync(tmp, { recursive: true, force: true }); process.exit(sig === 'SIGINT' ? 130 : 143); };
	process.on('exit', killAll);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const launch = (cmd, args, log, env) => {
		const out = fs.openSync(path.join(tmp, log), 'w');
		const c = spawn(cmd, args, { cwd: tmp, env, stdio: ['ignore', out, out] });
		c.on('error', (e) => fs.appendFileSync(path.join(tmp, log), `\ncould not start ${cmd}: ${e.message}\n`));
		children.push(c);
		if (pidFile && c.pid) fs.appendFileSync(pidFile, `${c.pid}\n`);
		return c;
	};
	const logTail = (log) => { try { return fs.readFileSync(path.join(tmp, log), 'utf8').trim().split('\n').slice(-15); } catch { return []; } };
	const cleanup = () => {
		killAll();
		process.removeListener('exit', killAll);
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
		fs.rmSync(tmp, { recursive: true, force: true });
	};
	let app; let prom; let sample; let launchError;
	try {
		const [appPort, promPort] = [await freePort(), await freePort()];
		app = `http://127.0.0.1:${appPort}`;
		prom = `http://127.0.0.1:${promPort}`;
		// A clean environment (no key variable, no .env in the working directory): demo mode starts.
		const env = { PATH: process.env.PATH, HOME: tmp, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) };
		sample = launch(java, ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-jar', jar, `--server.port=${appPort}`,
			'--server.address=127.0.0.1', '--spring.jmx.enabled=false'], 'sample.log', env);
		fs.writeFileSync(path.join(tmp, 'prometheus.yml'), YAML.stringify({
			global: { scrape_interval: '1s', evaluation_interval: '1s' },
			rule_files: [rulesFile],
			scrape_configs: [{ job_name: 'paracle-keys-sample', metrics_path: '/actuator/prometheus', static_configs: [{ targets: [`127.0.0.1:${appPort}`] }] }],
		}));
		launch(prometheus, ['--config.file=prometheus.yml', `--storage.tsdb.path=${path.join(tmp, 'data')}`,
			`--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'], 'prometheus.log', env);
	} catch (e) { launchError = e; }
	return async ({ version, report }) => {
		try {
			if (launchError) throw launchError;
			await check({ version, report });
		} catch (e) {
			report.fail(dashboardFile, 'live check failed', [String(e && e.stack || e), ...logTail('sample.log'), ...logTail('prometheus.log')]);
		} finally {
			cleanup();
			console.log(`     (live check: ${((Date.now() - started) / 1000).toFixed(0)}s from the sample's launch, which ran alongside the other checks)`);
		}
	};

	async function check({ version, report }) {
		const { pass, fail } = report;
		const deadline = Date.now() + 150000;
		const up = await until(deadline, async () => sample.exitCode !== null || (await http(`${app}/actuator/health`)).status === 200, 500);
		if (!up || sample.exitCode !== null) { fail(jar, `live check: the sample did not start (${sample.exitCode !== null ? `exit code ${sample.exitCode}` : 'not up within 150s'})`, logTail('sample.log')); return; }
		const startupMs = Date.now() - started;
		if (!fs.readFileSync(path.join(tmp, 'sample.log'), 'utf8').includes('DEMO MODE')) {
			fail(jar, 'live check: the sample did not start in demo mode', logTail('sample.log')); return;
		}
		const json = { 'Content-Type': 'application/json' };
		const body = '{"message":"test"}';
		const calls = [
			['chat call', await http(`${app}/api/v1/agents/test`, { method: 'POST', headers: json, body }, 30000), 200],
			['streamed call', await http(`${app}/api/v1/agents/stream`, { method: 'POST', headers: json, body }, 30000), 200],
			['bad Bearer key', await http(`${app}/api/v1/agents/test`, { method: 'POST', headers: { ...json, Authorization: 'Bearer not-a-demo-key-refused-by-the-stub' }, body }, 30000), 502],
			['unknown ?provider=', await http(`${app}/api/v1/agents/test?provider=no-such-provider`, { method: 'POST', headers: json, body }, 30000), 400],
		];
		const wrong = calls.filter(([, r, want]) => r.status !== want).map(([what, r, want]) => `${what}: HTTP ${r.status}, expected ${want}: ${r.text.slice(0, 200)}`);
		if (wrong.length) { fail(jar, 'live check: the demo calls did not answer as expected', wrong); return; }
		const scrape = (await http(`${app}/actuator/prometheus`)).text;
		const exported = new Set(scrape.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/, 1)[0]));

		const query = async (q) => JSON.parse((await http(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)).text);
		// Two scrapes after the calls: rate() and increase() need two samples.
		const scraped = await until(Date.now() + 30000, async () => {
			const r = await query('min(count_over_time(api_calls_total[1m]))');
			return r.status === 'success' && r.data.result.length && Number(r.data.result[0].value[1]) >= 2;
		});
		if (!scraped) {
			const t = await http(`${prom}/api/v1/targets`).catch((e) => ({ text: String(e) }));
			fail(dashboardFile, 'live check: Prometheus did not scrape the sample twice within 30s', [t.text.slice(0, 500), ...logTail('prometheus.log')]);
			return;
		}
		const targets = JSON.parse((await http(`${prom}/api/v1/targets`)).text).data.activeTargets;
		if (targets.length === 1 && targets[0].health === 'up') pass(dashboardFile, `live: Prometheus ${version} scrapes the sample's /actuator/prometheus (target up; sample started in ${(startupMs / 1000).toFixed(0)}s in demo mode, 4 real calls)`);
		else fail(dashboardFile, 'live: the scrape target is not up', [JSON.stringify(targets).slice(0, 500)]);

		// every expression, as Grafana sends it ($__rate_interval = 4 × the 1s scrape interval, rounded up to 1m here)
		const notInScrape = { ...javaAllowList(REPO), ...NOT_IN_A_DEMO_RUN };
		const dash = JSON.parse(fs.readFileSync(dashboardFile, 'utf8'));
		const rulesDoc = YAML.parse(fs.readFileSync(rulesFile, 'utf8'));
		const alertRules = rulesDoc.groups.flatMap((g) => g.rules);
		const expressions = [
			...dash.panels.flatMap((p) => (p.targets || []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
			// the alert's expression without its threshold: the value must be there (below the threshold is fine)
			...alertRules.map((r) => ({ where: `alert ${r.alert}`, expr: String(r.expr).replace(/\s*[><=!]+\s*[0-9.]+\s*$/, '') })),
		].map((x) => ({ ...x, expr: x.expr.replaceAll('$__rate_interval', '1m').replace(/\$[a-z_]+/g, '.*') }));
		const problems = [];
		let withData = 0;
		let allowedEmpty = 0;
		for (const { where, expr } of expressions) {
			const r = await query(expr);
			if (r.status !== 'success') { problems.push(`${where}: ${r.errorType}: ${r.error}  [${expr}]`); continue; }
			const missing = seriesOf(expr).filter((n) => !exported.has(n));
			const unknown = missing.filter((n) => !(n in notInScrape));
			if (unknown.length) { problems.push(`${where}: names ${unknown.join(', ')}, which the sample does not export  [${expr}]`); continue; }
			const excused = missing.length > 0 || Object.keys(NO_DATA_IN_A_DEMO_RUN).some((s) => expr.includes(s));
			if (r.data.result.length > 0) withData++;
			else if (excused) allowedEmpty++;
			else problems.push(`${where}: no data, although the sample exports ${seriesOf(expr).join(', ')}  [${expr}]`);
		}
		if (problems.length) fail(dashboardFile, `live: ${problems.length} of ${expressions.length} dashboard and alert expressions fail on Prometheus`, problems);
		else pass(dashboardFile, `live: Prometheus evaluates all ${expressions.length} dashboard and alert expressions (/api/v1/query): ${withData} return data, ${allowedEmpty} name series or labels a demo run cannot have (${Object.keys(notInScrape).length} allow-listed series)`);

		// the alert rules, loaded and evaluated without error
		const ruleDeadline = Date.now() + 15000;
		const loaded = await until(ruleDeadline, async () => {
			const rs = JSON.parse((await http(`${prom}/api/v1/rules`)).text).data.groups.flatMap((g) => g.rules);
			return rs.length === alertRules.length && rs.every((x) => x.health !== 'unknown') ? rs : null;
		});
		const rs = loaded || JSON.parse((await http(`${prom}/api/v1/rules`)).text).data.groups.flatMap((g) => g.rules);
		const bad = alertRules.filter((a) => !rs.some((x) => x.name === a.alert && x.type === 'alerting' && x.health === 'ok'))
			.map((a) => `${a.alert}: ${JSON.stringify(rs.find((x) => x.name === a.alert) || 'not loaded')}`.slice(0, 300));
		if (!bad.length && rs.length === alertRules.length) pass(rulesFile, `live: /api/v1/rules shows all ${alertRules.length} alert rules loaded, health ok`);
		else fail(rulesFile, 'live: alert rules not loaded or unhealthy in Prometheus', bad.length ? bad : [`${rs.length} rules loaded, ${alertRules.length} expected`]);
	}
}

/** SampleTelemetryTests.NOT_IN_THIS_SCRAPE's keys, read from its source so both lists stay one. */
function javaAllowList(REPO) {
	const f = path.join(REPO, 'samples', 'paracle-keys-sample', 'src', 'test', 'java', 'io', 'paracle', 'keys', 'sample', 'SampleTelemetryTests.java');
	const m = /NOT_IN_THIS_SCRAPE\s*=\s*Map\.of\(([\s\S]*?)\);/.exec(fs.readFileSync(f, 'utf8'));
	if (!m) throw new Error(`${f}: NOT_IN_THIS_SCRAPE not found`);
	const strings = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"\s*(?:\+\s*"((?:[^"\\]|\\.)*)")*/g)].map((x) => x[1]);
	const out = {};
	for (let i = 0; i + 1 < strings.length; i += 2) out[strings[i]] = strings[i + 1];
	return out;
}
