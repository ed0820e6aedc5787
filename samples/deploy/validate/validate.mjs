// Offline checks for samples/deploy/** and docs/key-rotation-runbook.md.
// Run through ../validate.sh, which installs what this needs. Prints one line per check
// and a closing "validate: N passed, N failed, N skipped"; exits 1 on any failure.
//
// What is checked:
//  - every YAML file parses (duplicate keys are errors), and the YAML and shell blocks of
//    the Markdown files parse too;
//  - Compose files against the Compose Specification JSON schema, and the Swarm stack with
//    `docker stack config` (Docker CLI's own Swarm schema; no engine needed) when present;
//  - Kubernetes manifests against the Kubernetes API schemas (kubernetes-models), plus
//    unknown fields (like kubeconform -strict, from @kubernetes/client-node's model maps),
//    plus cross-references (selectors, labels, ports, Secret name);
//  - the GitHub Actions workflow (action-validator, bundled SchemaStore schema) and the
//    GitLab CI file (GitLab's own ci.json schema, as bundled in gitlab-ci-local);
//  - Prometheus config and rules with promtool (check config, check rules, test rules);
//  - the Grafana dashboard: promtool parses every expression and evaluates it on the scrape
//    SampleTelemetryTests writes; with the sample jar built, a real Prometheus scrapes the sample
//    running in demo mode and answers every dashboard and alert expression (prometheus-live.mjs);
//  - the product's contracts (image, port 8000, profiles, probe paths, variable names,
//    alert expressions) and that no file holds a real-looking key.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as acorn from 'acorn';
import { startLive } from './prometheus-live.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A file inside an installed package (some packages don't export the files used here). */
const pkgFile = (...parts) => {
	const f = path.join(HERE, 'node_modules', ...parts);
	if (!fs.existsSync(f)) throw new Error(`${f} is missing: run ../validate.sh to install the validators`);
	return f;
};
const DEPLOY = path.resolve(HERE, '..');
const REPO = path.resolve(DEPLOY, '..', '..');
const RUNBOOK = path.join(REPO, 'docs', 'key-rotation-runbook.md');
const STRICT = process.env.VALIDATE_STRICT === '1';

const IMAGE = 'ghcr.io/example/paracle-keys-sample:0.1.0';
const KEY_VARS = ['OPENAI_API_KEY', 'CLAUDE_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY',
	'AZURE_OPENAI_API_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'XAI_API_KEY',
	'DEEPSEEK_API_KEY', 'GROQ_API_KEY', 'MISTRAL_API_KEY', 'COHERE_API_KEY', 'TOGETHER_API_KEY',
	'PERPLEXITY_API_KEY', 'OPENROUTER_API_KEY', 'FIREWORKS_API_KEY'];

// ---------------------------------------------------------------- reporting
const counts = { passed: 0, failed: 0, skipped: 0 };
const rel = (f) => path.relative(REPO, f) || f;
function pass(file, what) { counts.passed++; console.log(`PASS ${rel(file)}: ${what}`); }
function fail(file, what, details = []) {
	counts.failed++;
	console.log(`FAIL ${rel(file)}: ${what}`);
	for (const d of details.slice(0, 20)) console.log(`       ${d}`);
	if (details.length > 20) console.log(`       ... ${details.length - 20} more`);
}
function skip(file, what) {
	if (STRICT) { fail(file, `${what} (VALIDATE_STRICT=1 makes a skipped check a failure)`); return; }
	counts.skipped++;
	console.log(`SKIP ${rel(file)}: ${what}`);
}
/** Run named contract checks: [[description, boolean], ...] → one PASS or one FAIL line. */
function contract(file, title, checks) {
	const bad = checks.filter(([, okay]) => !okay).map(([d]) => `expected: ${d}`);
	if (bad.length) fail(file, title, bad); else pass(file, `${title} (${checks.length} checks)`);
}
const ajvErrors = (errors) => (errors || []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}${e.params && e.params.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
const which = (cmd) => {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
};

// ---------------------------------------------------------------- the live check starts first
// The sample jar (built by ./mvnw verify) in demo mode, scraped every second by the `prometheus` binary from the same
// Debian package as promtool; every dashboard and alert expression through /api/v1/query (prometheus-live.mjs).
// Launched now so that the sample boots while the checks below run; checked near the end.
const liveTarget = path.join(REPO, 'samples', 'paracle-keys-sample', 'target');
const liveJar = fs.existsSync(liveTarget) ? fs.readdirSync(liveTarget).filter((f) => /^paracle-keys-sample-.*\.jar$/.test(f) && !/-(sources|javadoc|tests)\.jar$/.test(f)).map((f) => path.join(liveTarget, f))[0] : undefined;
const livePrometheus = which('prometheus');
const liveJava = which('java');
const live = liveJar && livePrometheus && liveJava ? await startLive({ REPO, DEPLOY, jar: liveJar, prometheus: livePrometheus, java: liveJava }) : null;

// ---------------------------------------------------------------- files and YAML
function walk(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		if (e.name === 'node_modules' || e.name === '.git') continue;
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...walk(p)); else out.push(p);
	}
	return out.sort();
}
const files = walk(DEPLOY);
const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
const under = (sub) => yamlFiles.filter((f) => path.relative(DEPLOY, f).split(path.sep)[0] === sub);

// Docker and Kubernetes read YAML 1.1 (go-yaml): 0400 is octal there, as in Docker's docs.
// GitHub Actions, GitLab and Prometheus are read as YAML 1.2 (`on:` stays a string key).
const yamlVersion = (f) => (['docker', 'kubernetes'].includes(path.relative(DEPLOY, f).split(path.sep)[0]) ? '1.1' : '1.2');
const parsed = new Map(); // file → [documents as JS]

function parseYaml(file, text, version) {
	const docs = YAML.parseAllDocuments(text, { version, uniqueKeys: true, prettyErrors: true, strict: true });
	const problems = [];
	const list = Array.isArray(docs) ? docs : [docs];
	for (const d of list) {
		for (const e of d.errors) problems.push(`error: ${e.message.split('\n')[0]}`);
		for (const w of d.warnings) problems.push(`warning: ${w.message.split('\n')[0]}`);
	}
	return { problems, docs: list.map((d) => d.toJS({ maxAliasCount: 100 })).filter((d) => d !== null && d !== undefined) };
}

for (const f of yamlFiles) {
	const { problems, docs } = parseYaml(f, fs.readFileSync(f, 'utf8'), yamlVersion(f));
	if (problems.length) fail(f, 'YAML does not parse cleanly', problems);
	else { parsed.set(f, docs); pass(f, `YAML parses (${docs.length} document${docs.length === 1 ? '' : 's'}, YAML ${yamlVersion(f)})`); }
}

// ---------------------------------------------------------------- Markdown code blocks
const markdown = [...files.filter((f) => f.endsWith('.md')), ...(fs.existsSync(RUNBOOK) ? [RUNBOOK] : [])];
if (!fs.existsSync(RUNBOOK)) fail(RUNBOOK, 'runbook is missing');
for (const f of markdown) {
	const text = fs.readFileSync(f, 'utf8');
	const blocks = [...text.matchAll(/^```(\w+)?\n([\s\S]*?)^```/gm)].map((m) => ({ lang: (m[1] || '').toLowerCase(), body: m[2] }));
	const problems = [];
	let n = 0;
	for (const b of blocks) {
		if (b.lang === 'yaml' || b.lang === 'yml') {
			n++;
			const { problems: p } = parseYaml(f, b.body, '1.2');
			problems.push(...p.map((x) => `yaml block: ${x}`));
		} else if (b.lang === 'bash' || b.lang === 'sh') {
			n++;
			const r = spawnSync('bash', ['-n'], { input: b.body, encoding: 'utf8' });
			if (r.status !== 0) problems.push(`bash block: ${(r.stderr || '').trim().split('\n')[0]}`);
		}
	}
	if (problems.length) fail(f, 'code blocks do not parse', problems);
	else pass(f, `${n} yaml/bash code blocks parse (bash -n)`);
}

// ---------------------------------------------------------------- secret scan
const KEY_PATTERNS = [
	['OpenAI-style key', /\bsk-(?:proj-|svcacct-|or-v1-|or-)?[A-Za-z0-9_-]{20,}/],
	['Anthropic key', /\bsk-ant-[A-Za-z0-9_-]{16,}/],
	['Google API key', /\bAIza[0-9A-Za-z_-]{30,}/],
	['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
	['AWS secret access key', /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}\b/i],
	['xAI key', /\bxai-[A-Za-z0-9]{20,}/],
	['Groq key', /\bgsk_[A-Za-z0-9]{20,}/],
	['Perplexity key', /\bpplx-[A-Za-z0-9]{20,}/],
	['Fireworks key', /\bfw_[A-Za-z0-9]{20,}/],
	['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/],
	['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];
{
	const scanned = [...files.filter((f) => !f.endsWith('package-lock.json')), ...(fs.existsSync(RUNBOOK) ? [RUNBOOK] : [])];
	const hits = [];
	for (const f of scanned) {
		fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
			for (const [name, re] of KEY_PATTERNS) if (re.test(line)) hits.push(`${rel(f)}:${i + 1}: looks like a real ${name}`);
		});
	}
	if (hits.length) fail(DEPLOY, 'real-looking secrets found (use placeholders like sk-...)', hits);
	else pass(DEPLOY, `no real-looking key in ${scanned.length} files (samples/deploy/** and the runbook)`);
}

// ---------------------------------------------------------------- Compose
const composeSchemaFile = pkgFile('dclint', 'schemas', 'compose.schema.json');
const composeSchema = JSON.parse(fs.readFileSync(composeSchemaFile, 'utf8'));
const ajv7 = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv7);
// The file says "$schema": "https://json-schema.org/draft-07/schema"; Ajv's default dialect is
// draft-07 but knows it by its http URI, so compile without the tag.
const validateCompose = ajv7.compile({ ...composeSchema, $schema: undefined });

for (const f of under('docker')) {
	const doc = (parsed.get(f) || [])[0];
	if (!doc) continue;
	if (validateCompose(doc)) pass(f, `valid against the Compose Specification schema (${composeSchema.$id || 'compose-spec'} from dclint)`);
	else fail(f, 'not valid against the Compose Specification schema', ajvErrors(validateCompose.errors));
}

const stackFile = path.join(DEPLOY, 'docker', 'docker-compose.yml');
const envFileCompose = path.join(DEPLOY, 'docker', 'docker-compose.env-file.yml');
if (fs.existsSync(stackFile)) {
	if (which('docker')) {
		const r = spawnSync('docker', ['stack', 'config', '-c', stackFile], { encoding: 'utf8', timeout: 30000, env: { ...process.env, DOCKER_HOST: process.env.DOCKER_HOST || 'unix:///nonexistent.sock' } });
		if (r.status === 0) pass(stackFile, 'valid Swarm stack (`docker stack config`, Docker CLI schema)');
		else fail(stackFile, '`docker stack config` rejects the stack', (r.stderr || r.stdout || String(r.error)).trim().split('\n'));
	} else skip(stackFile, 'Docker CLI not found: `docker stack config` not run (Compose schema check above still applies)');
}

{
	const doc = (parsed.get(stackFile) || [])[0];
	if (doc) {
		const svc = (doc.services || {}).api || {};
		const env = svc.environment || {};
		const secrets = (svc.secrets || []).map((s) => (typeof s === 'string' ? { source: s, target: s } : { target: s.source, ...s }));
		const fileVars = Object.entries(env).filter(([k]) => k.endsWith('_FILE'));
		const hc = JSON.stringify((svc.healthcheck || {}).test || '');
		contract(stackFile, 'Swarm stack contract', [
			['service `api` (stack `paracle` → service paracle_api)', !!doc.services && !!doc.services.api],
			[`image ${IMAGE}`, svc.image === IMAGE],
			['SPRING_PROFILES_ACTIVE=docker', env.SPRING_PROFILES_ACTIVE === 'docker'],
			['OPENAI_API_KEY_FILE=/run/secrets/openai_api_key', env.OPENAI_API_KEY_FILE === '/run/secrets/openai_api_key'],
			['CLAUDE_API_KEY_FILE=/run/secrets/claude_api_key', env.CLAUDE_API_KEY_FILE === '/run/secrets/claude_api_key'],
			['no key itself in the environment', !Object.keys(env).some((k) => KEY_VARS.includes(k))],
			['every *_FILE points at a mounted secret', fileVars.every(([, v]) => secrets.some((s) => v === `/run/secrets/${s.target}`))],
			['every mounted secret is declared external', secrets.every((s) => doc.secrets && doc.secrets[s.source] && doc.secrets[s.source].external === true)],
			['port 8000 published', (svc.ports || []).some((p) => (typeof p === 'object' ? p.target === 8000 : String(p).endsWith(':8000')))],
			['healthcheck on /actuator/health/readiness port 8000', hc.includes('localhost:8000/actuator/health/readiness')],
		]);
	}
	const doc2 = (parsed.get(envFileCompose) || [])[0];
	if (doc2) {
		const svc = Object.values(doc2.services || {})[0] || {};
		const envFiles = [].concat(svc.env_file || []).map((e) => (typeof e === 'string' ? e : e.path));
		contract(envFileCompose, 'env-file variant contract', [
			[`image ${IMAGE}`, svc.image === IMAGE],
			['env_file .env', envFiles.includes('.env')],
			['port 8000:8000', (svc.ports || []).some((p) => String(p) === '8000:8000')],
			['no key written in the file', !Object.keys(svc.environment || {}).some((k) => KEY_VARS.includes(k))],
			['healthcheck on /actuator/health/readiness', JSON.stringify((svc.healthcheck || {}).test || '').includes('/actuator/health/readiness')],
		]);
	}
}

// ---------------------------------------------------------------- Kubernetes
const k8sModels = await import('@kubernetes/client-node/dist/gen/models/all.js');
const PRIMITIVE = new Set(['string', 'number', 'boolean', 'any', 'Date', 'object', 'IntOrString']);

/** Unknown-field check: walks an object along the client's attribute maps (kubeconform -strict). */
function unknownFields(value, type, at, out) {
	if (value === null || value === undefined || PRIMITIVE.has(type)) return;
	let m = /^Array<(.+)>$/.exec(type);
	if (m) { if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, m[1], `${at}[${i}]`, out)); return; }
	m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
	if (m) { if (typeof value === 'object') for (const [k, v] of Object.entries(value)) unknownFields(v, m[1], `${at}.${k}`, out); return; }
	const cls = k8sModels[type];
	if (!cls || typeof cls.getAttributeTypeMap !== 'function') { out.push(`${at}: no model for type ${type}`); return; }
	if (typeof value !== 'object' || Array.isArray(value)) return; // type errors are reported by the schema check
	const attrs = new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
	for (const [k, v] of Object.entries(value)) {
		if (!attrs.has(k)) out.push(`${at}.${k}: unknown field (${type} has no '${k}')`);
		else unknownFields(v, attrs.get(k), `${at}.${k}`, out);
	}
}

const k8sObjects = []; // { file, obj }
for (const f of under('kubernetes')) {
	for (const obj of parsed.get(f) || []) {
		const id = `${obj.kind}/${obj.metadata && obj.metadata.name}`;
		if (!obj.apiVersion || !obj.kind) { fail(f, `document without apiVersion/kind`); continue; }
		let Model;
		try {
			Model = (await import(`kubernetes-models/${obj.apiVersion}/${obj.kind}`))[obj.kind];
		} catch {
			fail(f, `${id}: unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`);
			continue;
		}
		try {
			new Model(obj).validate();
			pass(f, `${id}: valid against the Kubernetes ${obj.apiVersion} ${obj.kind} schema`);
		} catch (e) {
			fail(f, `${id}: not valid against the Kubernetes schema`, e.errors ? ajvErrors(e.errors) : [String(e.message)]);
		}
		const version = obj.apiVersion.split('/').pop();
		const typeName = `${version[0].toUpperCase()}${version.slice(1)}${obj.kind}`;
		const unknown = [];
		unknownFields(obj, typeName, obj.kind, unknown);
		if (unknown.length) fail(f, `${id}: unknown fields (strict)`, unknown);
		else pass(f, `${id}: no unknown fields (strict, ${typeName})`);
		k8sObjects.push({ file: f, obj });
	}
}

{
	const secret = k8sObjects.find((o) => o.obj.kind === 'Secret');
	const service = k8sObjects.find((o) => o.obj.kind === 'Service');
	const deployments = k8sObjects.filter((o) => o.obj.kind === 'Deployment');
	if (secret) {
		const data = secret.obj.stringData || {};
		contract(secret.file, 'Secret contract', [
			['name paracle-api-keys', secret.obj.metadata.name === 'paracle-api-keys'],
			['stringData keys are provider variables', Object.keys(data).every((k) => KEY_VARS.includes(k) || k.startsWith('AZURE_OPENAI_') || k === 'AWS_DEFAULT_REGION')],
			['OPENAI_API_KEY and CLAUDE_API_KEY present', 'OPENAI_API_KEY' in data && 'CLAUDE_API_KEY' in data],
			['values are placeholders (contain "...")', Object.values(data).every((v) => String(v).includes('...'))],
		]);
	}
	for (const { file, obj } of deployments) {
		const volumeVariant = path.basename(file) === 'deployment-volume.yaml';
		const tpl = obj.spec.template;
		const podLabels = tpl.metadata.labels || {};
		const c = tpl.spec.containers[0];
		const env = Object.fromEntries((c.env || []).map((e) => [e.name, e]));
		const probe = (p) => (p && p.httpGet ? `${p.httpGet.path}@${p.httpGet.port}` : '');
		const portOk = (port) => port === 8000 || (c.ports || []).some((p) => p.name === port && p.containerPort === 8000);
		const checks = [
			['Deployment paracle-api', obj.metadata.name === 'paracle-api'],
			['3 replicas', obj.spec.replicas === 3],
			['selector matches the pod labels', Object.entries(obj.spec.selector.matchLabels || {}).every(([k, v]) => podLabels[k] === v)],
			[`image ${IMAGE}`, c.image === IMAGE],
			['containerPort 8000', (c.ports || []).some((p) => p.containerPort === 8000)],
			['SPRING_PROFILES_ACTIVE=k8s', env.SPRING_PROFILES_ACTIVE && env.SPRING_PROFILES_ACTIVE.value === 'k8s'],
			['readiness probe /actuator/health/readiness on 8000', probe(c.readinessProbe).startsWith('/actuator/health/readiness@') && portOk(c.readinessProbe.httpGet.port)],
			['liveness probe /actuator/health/liveness on 8000', probe(c.livenessProbe).startsWith('/actuator/health/liveness@') && portOk(c.livenessProbe.httpGet.port)],
			['resources: requests and a memory limit', !!(c.resources && c.resources.requests && c.resources.limits && c.resources.limits.memory)],
			['no key value written in the manifest', !(c.env || []).some((e) => KEY_VARS.includes(e.name) && e.value !== undefined)],
		];
		const secretName = secret ? secret.obj.metadata.name : 'paracle-api-keys';
		if (volumeVariant) {
			const mount = (c.volumeMounts || []).find((m) => m.mountPath === '/etc/paracle/secrets');
			const vol = mount && (tpl.spec.volumes || []).find((v) => v.name === mount.name);
			checks.push(
				['Secret mounted at /etc/paracle/secrets', !!mount],
				['mount is readOnly', !!mount && mount.readOnly === true],
				['no subPath (subPath mounts are never updated)', !!mount && !mount.subPath],
				[`volume from Secret ${secretName}`, !!vol && !!vol.secret && vol.secret.secretName === secretName],
				['no keys in the environment (no envFrom, no key env vars)', !c.envFrom && !(c.env || []).some((e) => KEY_VARS.includes(e.name) || e.name.endsWith('_API_KEY_FILE'))],
			);
		} else {
			checks.push([`envFrom secretRef ${secretName}`, (c.envFrom || []).some((e) => e.secretRef && e.secretRef.name === secretName)]);
		}
		contract(file, `Deployment contract (${volumeVariant ? 'volume' : 'envFrom'} variant)`, checks);
	}
	if (service) {
		const svc = service.obj;
		const matches = deployments.filter(({ obj }) => Object.entries(svc.spec.selector || {}).every(([k, v]) => (obj.spec.template.metadata.labels || {})[k] === v));
		const targets = (svc.spec.ports || []).map((p) => p.targetPort);
		contract(service.file, 'Service contract', [
			['selects the pods of every Deployment', matches.length === deployments.length && deployments.length > 0],
			['port 8000', (svc.spec.ports || []).some((p) => p.port === 8000)],
			['targetPort resolves to containerPort 8000 in every Deployment', deployments.every(({ obj }) => targets.every((t) => obj.spec.template.spec.containers.some((c) => (c.ports || []).some((p) => (p.name === t || p.containerPort === t) && p.containerPort === 8000))))],
		]);
	}
}

// ---------------------------------------------------------------- CI files
const ghFile = path.join(DEPLOY, 'ci', 'github-actions.yml');
if (fs.existsSync(ghFile)) {
	const cli = pkgFile('@action-validator', 'cli', 'cli.mjs');
	const r = spawnSync(process.execPath, [cli, ghFile], { encoding: 'utf8', timeout: 30000, cwd: REPO });
	if (r.status === 0) pass(ghFile, 'valid GitHub Actions workflow (action-validator, SchemaStore github-workflow schema)');
	else fail(ghFile, 'action-validator rejects the workflow', (r.stdout + r.stderr).trim().split('\n'));
	const doc = (parsed.get(ghFile) || [])[0];
	if (doc) {
		const steps = Object.values(doc.jobs || {}).flatMap((j) => j.steps || []);
		const java = steps.find((s) => String(s.uses || '').startsWith('actions/setup-java@'));
		const verify = steps.find((s) => String(s.run || '').includes('./mvnw -B verify'));
		contract(ghFile, 'GitHub Actions contract', [
			['actions/setup-java with Java 17', !!java && String((java.with || {})['java-version']) === '17'],
			['Maven cache', !!java && (java.with || {}).cache === 'maven'],
			['a step runs ./mvnw -B verify', !!verify],
			['that step gets OPENAI_API_KEY from secrets.OPENAI_API_KEY', !!verify && /^\$\{\{\s*secrets\.OPENAI_API_KEY\s*\}\}$/.test(String((verify.env || {}).OPENAI_API_KEY))],
		]);
	}
}

const glFile = path.join(DEPLOY, 'ci', 'gitlab-ci.yml');
if (fs.existsSync(glFile)) {
	const schema = gitlabSchema();
	const doc = (parsed.get(glFile) || [])[0];
	if (schema && doc) {
		const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
		const validate = ajv.compile({ ...schema, $schema: undefined });
		if (validate(doc)) pass(glFile, 'valid against GitLab\'s CI schema (ci.json, as bundled in gitlab-ci-local)');
		else fail(glFile, 'not valid against GitLab\'s CI schema', ajvErrors(validate.errors));
	}
	if (doc) {
		const job = doc.verify || {};
		const script = [].concat(job.script || []);
		const cachePaths = [].concat((job.cache || {}).paths || []);
		contract(glFile, 'GitLab CI contract', [
			['a job runs ./mvnw -B verify', script.includes('./mvnw -B verify')],
			['Java 17 image', /17/.test(String(job.image || ''))],
			['Maven repository cached', cachePaths.some((p) => p.includes('.m2'))],
			['no key value written in the file', !Object.keys({ ...(doc.variables || {}), ...(job.variables || {}) }).some((k) => KEY_VARS.includes(k))],
		]);
	}
}

/** GitLab's ci.json schema, taken from the bundle of gitlab-ci-local (parsed, not evaluated). */
function gitlabSchema() {
	const cacheFile = path.join(HERE, 'node_modules', '.cache', 'gitlab-ci-schema.json');
	const bundle = pkgFile('gitlab-ci-local', 'dist', 'index.js');
	if (fs.existsSync(cacheFile) && fs.statSync(cacheFile).mtimeMs >= fs.statSync(bundle).mtimeMs) {
		return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
	}
	const ast = acorn.parse(fs.readFileSync(bundle, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
	const literal = (n) => {
		switch (n.type) {
			case 'Literal': if (n.regex) throw new Error('regex literal'); return n.value;
			case 'TemplateLiteral': if (n.expressions.length) throw new Error('template'); return n.quasis[0].value.cooked;
			case 'UnaryExpression':
				if (n.operator === '!' && n.argument.type === 'Literal') return !n.argument.value;
				if (n.operator === '-' && n.argument.type === 'Literal') return -n.argument.value;
				throw new Error(`unary ${n.operator}`);
			case 'ArrayExpression': return n.elements.map(literal);
			case 'ObjectExpression': {
				const o = {};
				for (const p of n.properties) {
					if (p.type !== 'Property' || p.computed) throw new Error('non-literal property');
					o[p.key.type === 'Identifier' ? p.key.name : p.key.value] = literal(p.value);
				}
				return o;
			}
			default: throw new Error(n.type);
		}
	};
	let found = null;
	(function visit(n) {
		if (found || !n || typeof n.type !== 'string') return;
		if (n.type === 'ObjectExpression' && n.properties.some((p) => p.key && (p.key.name === '$id' || p.key.value === '$id') && p.value.value === 'https://gitlab.com/.gitlab-ci.yml')) {
			found = n; return;
		}
		for (const k of Object.keys(n)) {
			const v = n[k];
			if (Array.isArray(v)) v.forEach(visit); else if (v && typeof v.type === 'string') visit(v);
		}
	})(ast);
	if (!found) { fail(glFile, 'GitLab CI schema not found in gitlab-ci-local (package changed?)'); return null; }
	const schema = literal(found);
	fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
	fs.writeFileSync(cacheFile, JSON.stringify(schema));
	return schema;
}

// ---------------------------------------------------------------- Prometheus
const rulesFile = path.join(DEPLOY, 'prometheus', 'alert-rules.yml');
const promFile = path.join(DEPLOY, 'prometheus', 'prometheus.yml');
const rulesTest = path.join(DEPLOY, 'prometheus', 'alert-rules.test.yml');
{
	const doc = (parsed.get(rulesFile) || [])[0];
	if (doc) {
		const rules = (doc.groups || []).flatMap((g) => g.rules || []);
		const rule = (name) => rules.find((r) => r.alert === name) || {};
		const guide = rule('HighAPIUsage');
		contract(rulesFile, 'alert rules contract', [
			["HighAPIUsage exactly as the guide: expr 'rate(api_calls_total[5m]) > 100', summary 'High API usage detected'",
				guide.expr === 'rate(api_calls_total[5m]) > 100' && (guide.annotations || {}).summary === 'High API usage detected' && doc.groups.some((g) => g.name === 'api_keys' && g.rules.includes(guide))],
			["ApiKeyRotationDue expr 'max by (provider, fingerprint) (paracle_key_age_days) > 90'", rule('ApiKeyRotationDue').expr === 'max by (provider, fingerprint) (paracle_key_age_days) > 90'],
			['ApiKeyAuthFailures on api_calls_total{outcome="auth_error"}', String(rule('ApiKeyAuthFailures').expr || '').includes('api_calls_total{outcome="auth_error"}')],
			['ApiRateLimited present', !!rule('ApiRateLimited').expr],
		]);
	}
	const prom = (parsed.get(promFile) || [])[0];
	if (prom) {
		const jobs = prom.scrape_configs || [];
		contract(promFile, 'scrape config contract', [
			['rule_files has alert-rules.yml', (prom.rule_files || []).includes('alert-rules.yml')],
			['every job scrapes /actuator/prometheus', jobs.length > 0 && jobs.every((j) => j.metrics_path === '/actuator/prometheus')],
			['a static target on port 8000', jobs.some((j) => (j.static_configs || []).some((s) => (s.targets || []).some((t) => t.endsWith(':8000'))))],
		]);
	}

	const promtool = which('promtool');
	if (!promtool) {
		for (const f of [promFile, rulesFile, rulesTest]) skip(f, 'promtool not found: no PromQL/config check (install Debian package `prometheus`)');
	} else {
		const run = (args, cwd) => spawnSync(promtool, args, { encoding: 'utf8', timeout: 30000, cwd });
		const out = (r) => `${r.stdout}${r.stderr}`.trim().split('\n').filter(Boolean);
		const cwd = path.dirname(rulesFile);
		let r = run(['check', 'rules', rulesFile], cwd);
		if (r.status === 0) pass(rulesFile, `promtool check rules: ${out(r).find((l) => /SUCCESS/.test(l)) || 'ok'}`.replace(/\s+/g, ' '));
		else fail(rulesFile, 'promtool check rules failed', out(r));
		r = run(['test', 'rules', path.basename(rulesTest)], cwd);
		if (r.status === 0) pass(rulesTest, 'promtool test rules: alert unit tests pass');
		else fail(rulesTest, 'promtool test rules failed', out(r));

		// Debian's promtool is built without Kubernetes service discovery: detect that, and then
		// check a copy without the kubernetes_sd_configs job(s), saying so.
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paracle-prom-'));
		fs.writeFileSync(path.join(tmp, 'probe.yml'), 'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n');
		const k8sSd = run(['check', 'config', 'probe.yml'], tmp).status === 0;
		let configToCheck = promFile;
		let note = '';
		if (!k8sSd && prom && (prom.scrape_configs || []).some((j) => j.kubernetes_sd_configs)) {
			const dropped = prom.scrape_configs.filter((j) => j.kubernetes_sd_configs).map((j) => j.job_name);
			const copy = { ...prom, scrape_configs: prom.scrape_configs.filter((j) => !j.kubernetes_sd_configs) };
			fs.copyFileSync(rulesFile, path.join(tmp, 'alert-rules.yml'));
			configToCheck = path.join(tmp, 'prometheus.yml');
			fs.writeFileSync(configToCheck, YAML.stringify(copy));
			note = ` (this promtool has no Kubernetes discovery: job ${dropped.join(', ')} checked structurally only)`;
			const relabelProblems = [];
			for (const j of prom.scrape_configs.filter((x) => x.kubernetes_sd_configs)) {
				for (const sd of j.kubernetes_sd_configs) if (!['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress'].includes(sd.role)) relabelProblems.push(`${j.job_name}: role ${sd.role}`);
				for (const rl of j.relabel_configs || []) {
					if (rl.action && !['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'].includes(rl.action)) relabelProblems.push(`${j.job_name}: action ${rl.action}`);
					if (rl.regex !== undefined) { try { new RegExp(`^(?:${rl.regex})$`); } catch (e) { relabelProblems.push(`${j.job_name}: regex ${rl.regex}: ${e.message}`); } }
					if ((!rl.action || rl.action === 'replace') && !rl.target_label) relabelProblems.push(`${j.job_name}: replace without target_label`);
				}
			}
			if (relabelProblems.length) fail(promFile, 'kubernetes_sd job(s) malformed', relabelProblems);
		}
		r = run(['check', 'config', configToCheck], path.dirname(configToCheck));
		if (r.status === 0) pass(promFile, `promtool check config: ok, rule files included${note}`);
		else fail(promFile, 'promtool check config failed', out(r));
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------- Grafana dashboard
const dashboardFile = path.join(DEPLOY, 'grafana', 'paracle-keys.json');
if (fs.existsSync(dashboardFile)) {
	let dash = null;
	try { dash = JSON.parse(fs.readFileSync(dashboardFile, 'utf8')); pass(dashboardFile, 'JSON syntax'); } catch (e) { fail(dashboardFile, 'JSON syntax', [e.message]); }
	if (dash) {
		const panels = (dash.panels || []).filter((p) => p.type !== 'row');
		const ids = (dash.panels || []).map((p) => p.id);
		const targets = panels.flatMap((p) => (p.targets || []).map((t) => ({ panel: p.title, expr: t.expr || '' })));
		const vars = ((dash.templating || {}).list || []);
		const balanced = (e) => { let depth = 0; for (const c of e.replace(/"[^"]*"/g, '""')) { if ('({['.includes(c)) depth++; if (')}]'.includes(c)) depth--; if (depth < 0) return false; } return depth === 0; };
		const titles = panels.map((p) => p.title.toLowerCase());
		const has = (...words) => titles.some((t) => words.every((w) => t.includes(w)));
		contract(dashboardFile, 'dashboard contract', [
			['uid paracle-keys and a title', dash.uid === 'paracle-keys' && !!dash.title],
			['unique panel ids', new Set(ids).size === ids.length && ids.every((i) => Number.isInteger(i))],
			['a datasource variable of type prometheus', vars.some((v) => v.name === 'datasource' && v.type === 'datasource' && v.query === 'prometheus')],
			['every panel queries the ${datasource} variable', panels.every((p) => (p.datasource || {}).uid === '${datasource}')],
			['every panel has at least one non-empty PromQL target', panels.every((p) => (p.targets || []).length > 0 && p.targets.every((t) => (t.expr || '').trim()))],
			['every expression has balanced brackets', targets.every((t) => balanced(t.expr))],
			['every panel has gridPos and a description', panels.every((p) => p.gridPos && p.description)],
			['panels: calls, errors, latency p50/p95/p99, time to first chunk, tokens, keys cooling/rejected, rate-limit remaining, key age, secret store, route fallbacks',
				has('calls') && has('errors') && has('latency', 'p99') && has('first chunk') && has('tokens') && has('cooling', 'rejected') && has('rate limit remaining') && has('key age') && has('secret store') && has('route fallbacks')],
			['the guide\'s api_calls_total and the GenAI histograms are queried', ['api_calls_total', 'gen_ai_client_operation_duration_seconds_bucket', 'gen_ai_client_token_usage_sum'].every((m) => targets.some((t) => t.expr.includes(m)))],
		]);
		const promtool = which('promtool');
		if (promtool) {
			// every expression as a recording rule (Grafana's variables replaced by what Grafana sends): promtool
			// check rules parses each PromQL expression, offline
			const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paracle-dash-'));
			const rules = { groups: [{ name: 'dashboard', rules: targets.map((t, i) => ({
				record: `dashboard:expr_${i}`, expr: t.expr.replaceAll('$__rate_interval', '5m').replace(/\$[a-z_]+/g, '.*') })) }] };
			const file = path.join(tmp, 'dashboard-rules.yml');
			fs.writeFileSync(file, YAML.stringify(rules));
			const r = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8', timeout: 30000 });
			if (r.status === 0) pass(dashboardFile, `promtool parses all ${targets.length} dashboard expressions (as recording rules)`);
			else fail(dashboardFile, 'promtool: a dashboard expression does not parse', `${r.stdout}${r.stderr}`.trim().split('\n'));
			fs.rmSync(tmp, { recursive: true, force: true });
			// Evaluated by Prometheus's engine (promtool test rules) on a real scrape of the sample, written by
			// SampleTelemetryTests after real calls: every expression whose series the scrape has must return data.
			const scrapeFile = path.join(REPO, 'samples', 'paracle-keys-sample', 'target', 'telemetry-scrape.prom');
			if (!fs.existsSync(scrapeFile)) {
				skip(dashboardFile, `no ${rel(scrapeFile)}: run the sample's tests (SampleTelemetryTests) to evaluate the expressions on a real scrape`);
			} else {
				const series = [];
				const names = new Set();
				for (const line of fs.readFileSync(scrapeFile, 'utf8').split('\n')) {
					const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
					if (!m || line.startsWith('#')) continue;
					const value = Number(m[3]);
					names.add(m[1]);
					// the scraped value every 15s for 10 minutes: enough samples for rate() and increase()
					series.push({ series: `${m[1]}${m[2] || ''}`, values: `${Number.isFinite(value) ? value : 0}+0x40` });
				}
				const alerts = [...targets.map((t) => t.expr), ...(((parsed.get(rulesFile) || [])[0] || {}).groups || []).flatMap((g) => (g.rules || []).map((r) => String(r.expr).replace(/\s*[><=!]+\s*[0-9.]+\s*$/, '')))]
					.map((e) => e.replaceAll('$__rate_interval', '1m').replace(/\$[a-z_]+/g, '.*'));
				const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paracle-eval-'));
				const seriesOf = (e) => [...e.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ')
					.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
					.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)].filter((x) => !x[1]).map((x) => x[0])
					.filter((n) => !['by', 'without', 'on', 'ignoring', 'and', 'or', 'unless', 'bool', 'offset', 'le'].includes(n.toLowerCase()));
				const evaluable = alerts.map((expr, i) => ({ expr, i })).filter(({ expr }) => seriesOf(expr).every((n) => names.has(n)));
				const notExported = alerts.length - evaluable.length;
				fs.writeFileSync(path.join(tmp, 'eval-rules.yml'), YAML.stringify({ groups: [{ name: 'dashboard-eval', rules:
					evaluable.map(({ expr, i }) => ({ alert: `NoData_${i}`, expr: `absent(${expr})` })) }] }));
				fs.writeFileSync(path.join(tmp, 'eval-test.yml'), YAML.stringify({ rule_files: ['eval-rules.yml'], evaluation_interval: '15s',
					tests: [{ interval: '15s', input_series: series,
						alert_rule_test: evaluable.map(({ i }) => ({ eval_time: '5m', alertname: `NoData_${i}`, exp_alerts: [] })) }] }));
				const r = spawnSync(promtool, ['test', 'rules', 'eval-test.yml'], { encoding: 'utf8', timeout: 120000, cwd: tmp });
				if (r.status === 0) pass(dashboardFile, `promtool evaluates ${evaluable.length} dashboard and alert expressions on the sample's scrape (${series.length} series): each returns data (${notExported} name series the scrape cannot have, see SampleTelemetryTests)`);
				else fail(dashboardFile, 'an expression returns no data on the sample\'s scrape', `${r.stdout}${r.stderr}`.trim().split('\n').slice(0, 30)
					.concat(evaluable.map(({ expr, i }) => `NoData_${i}: ${expr}`)));
				fs.rmSync(tmp, { recursive: true, force: true });
			}
		} else skip(dashboardFile, 'promtool not found: dashboard PromQL checked for brackets only');
	}
}

// ---------------------------------------------------------------- a real Prometheus scraping the sample
// (started at the top, see `live`)
if (!liveJar) skip(dashboardFile, 'live check: no samples/paracle-keys-sample/target/paracle-keys-sample-*.jar (run ./mvnw verify): no real Prometheus run');
else if (!livePrometheus) skip(dashboardFile, 'live check: no prometheus binary (Debian package `prometheus`, extracted by validate.sh): no real Prometheus run');
else if (!liveJava) skip(dashboardFile, 'live check: no java on PATH: the sample cannot run');
else {
	const version = (spawnSync(livePrometheus, ['--version'], { encoding: 'utf8', timeout: 10000 }).stdout || '').split('\n')[0].replace(/^prometheus, version (\S+).*/, '$1');
	await live({ version, report: { pass, fail } });
}

// ---------------------------------------------------------------- runbook contract
if (fs.existsSync(RUNBOOK)) {
	const t = fs.readFileSync(RUNBOOK, 'utf8');
	contract(RUNBOOK, 'runbook contract', [
		['five steps', [1, 2, 3, 4, 5].every((n) => new RegExp(`Step[s]? [^\\n]*${n}`).test(t))],
		['every store: Azure Key Vault, AWS Secrets Manager, HashiCorp Vault, Kubernetes, Docker Swarm, .env',
			['Azure Key Vault', 'AWS Secrets Manager', 'HashiCorp Vault', 'Kubernetes', 'Docker Swarm', '.env'].every((s) => t.includes(s))],
		['no-restart path: refresh-interval, POST /actuator/paracle, 401', t.includes('paracle.secrets.refresh-interval') && t.includes('curl -X POST localhost:8000/actuator/paracle') && t.includes('401')],
		['step 4 test call with the Bearer key', t.includes('curl -X POST http://localhost:8000/api/v1/agents/test') && t.includes('-H "Authorization: Bearer $NEW_KEY"') && t.includes(`-d '{"message":"test"}'`)],
		['step 5 watches api_calls_total{outcome="auth_error"}', t.includes('api_calls_total{outcome="auth_error"}')],
	]);
}

console.log(`\nvalidate: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed ? 1 : 0);
