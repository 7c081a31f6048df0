/**
 * bench/verify: `verify` over 16 channels, each served by its own loopback server that answers
 * every request after 100 ms. Goals: wall time ≤ 3× the slowest single channel (truly parallel)
 * and ≤ 50 MB peak RSS (VmHWM).
 *
 * Memory is measured on the shipped command, as a user runs it: `node dist/cli.js verify <v>
 * --config <16 channels>` (built first with scripts/build.mjs), one process per run, 3 runs,
 * beside two baselines run the same way: an empty ESM module and `cli.js --version`.
 * Timing (and a second memory figure, after many runs in one process) comes from a child that
 * runs only the verify core repeatedly (bundled with esbuild like dist/).
 *
 *   npx tsx bench/verify.ts
 *   BENCH_TRANSPORT=fetch npx tsx bench/verify.ts   # same, with Node's fetch (undici) injected instead of
 *                                                   # the production node:http transport (src/registries/transport.ts)
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { stringify } from 'yaml';
import type { FixtureHandler } from '../src/registries/fixture-server.ts';
import { fixtureRegistry } from '../src/registries/oci/fixture-registry.ts';

const LATENCY_MS = 100;
const root = path.resolve(new URL('..', import.meta.url).pathname);
const fx = (id: string, file: string) =>
  readFileSync(path.join(root, 'src/registries', id, '__fixtures__', file), 'utf8');
const json = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

// One registry per channel, in the documented shapes (the adapters' own recorded fixtures).
const oci = (service: string, token: { token: string } & object) =>
  fixtureRegistry({
    repository: 'acme/app',
    tags: ['1.2.3'],
    service,
    tokenBody: token,
    token: token.token,
    anonymousPull: true,
  });
const ghcrToken = JSON.parse(fx('ghcr', 'token.json')) as { token: string };
const hubToken = JSON.parse(fx('docker-hub', 'token.json')) as { token: string };
/** The npm fixture, answering for the package asked (adapters check the name a registry echoes). */
const npmRoute: FixtureHandler = (r) => {
  const pkg = decodeURIComponent(r.path.slice(1).replace(/\/1\.2\.3$/, ''));
  const body = r.path.endsWith('/1.2.3')
    ? fx('npm', 'version-1.2.3.json')
    : fx('npm', 'packument-present.json');
  return json(body.replaceAll('"@acme/widget"', JSON.stringify(pkg)));
};

const CHANNELS: { entry: Record<string, unknown>; handler: FixtureHandler }[] = [
  { entry: { channel: 'npm', package: '@acme/widget', version: '1.2.3' }, handler: npmRoute },
  {
    entry: { channel: 'npm', name: 'npm-cli', package: '@acme/widget-cli', version: '1.2.3' },
    handler: npmRoute,
  },
  { entry: { channel: 'github-packages-npm', package: '@acme/widget', version: '1.2.3' }, handler: npmRoute },
  { entry: { channel: 'ghcr', package: 'acme/app', version: '1.2.3' }, handler: oci('ghcr.io', ghcrToken) },
  {
    entry: { channel: 'docker-hub', package: 'acme/app', version: '1.2.3' },
    handler: oci('registry.docker.io', hubToken),
  },
  {
    entry: { channel: 'oci', package: 'registry.example.com/acme/app', version: '1.2.3' },
    handler: oci('registry.example.com', { token: 'anonymous-pull-token' }),
  },
  {
    entry: { channel: 'pypi', package: 'shipwatch-demo', version: '1.4.2' },
    handler: () => json(fx('pypi', 'release-1.4.2.json')),
  },
  {
    entry: { channel: 'pypi', name: 'pypi-plugin', package: 'shipwatch-demo-plugin', version: '1.4.2' },
    handler: () =>
      json(fx('pypi', 'release-1.4.2.json').replaceAll('"shipwatch-demo"', '"shipwatch-demo-plugin"')),
  },
  {
    entry: { channel: 'crates-io', package: 'shipwatch-demo', version: '0.9.3' },
    handler: () => json(fx('crates-io', 'version-0.9.3.json')),
  },
  {
    entry: { channel: 'snap', package: 'shipwatch-demo', version: '1.4.2' },
    handler: () => json(fx('snap', 'info.json')),
  },
  {
    entry: { channel: 'chocolatey', package: 'shipwatch-demo', version: '1.4.2' },
    handler: () => ({
      status: 200,
      headers: { 'content-type': 'application/atom+xml' },
      body: fx('chocolatey', 'approved.xml'),
    }),
  },
  {
    entry: { channel: 'nuget', package: 'Shipwatch.Demo', version: '1.4.2' },
    handler: (r) =>
      json(
        r.path.includes('flatcontainer') ? fx('nuget', 'index.json') : fx('nuget', 'registration-1.4.2.json'),
      ),
  },
  {
    entry: { channel: 'go-proxy', package: 'github.com/ShipWatch/Demo', version: 'v1.4.2' },
    handler: () => json(fx('go-proxy', 'v1.4.2.info')),
  },
  {
    entry: { channel: 'vscode-marketplace', package: 'shipwatch.shipwatch-demo', version: '1.4.2' },
    handler: () => json(fx('vscode-marketplace', 'query-result.json')),
  },
  {
    entry: { channel: 'open-vsx', package: 'shipwatch.shipwatch-demo', version: '1.4.2' },
    handler: (r) =>
      r.path.endsWith('.sha256')
        ? { status: 200, body: fx('open-vsx', 'vsix.sha256') }
        : json(fx('open-vsx', 'version-1.4.2.json').replaceAll('{base}', r.baseUrl)),
  },
  {
    entry: { channel: 'github-releases', package: 'shipwatch/demo', version: 'v1.4.2' },
    handler: () => json(fx('github-releases', 'release-v1.4.2.json')),
  },
];

/** A loopback server that answers through `handler` after LATENCY_MS. */
async function slowServer(
  handler: FixtureHandler,
): Promise<{ url: string; server: Server; count: () => number }> {
  let baseUrl = '';
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const answer = handler({ method: req.method ?? 'GET', path: req.url ?? '/', headers, baseUrl });
    setTimeout(() => {
      if (answer === 'hang') return;
      const { status = 404, headers: extra = {}, body = '' } = answer ?? {};
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-length': String(Buffer.byteLength(text)), ...extra });
      res.end(req.method === 'HEAD' ? undefined : text);
    }, LATENCY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: baseUrl, server, count: () => requests };
}

const servers = await Promise.all(CHANNELS.map((c) => slowServer(c.handler)));
const tmp = mkdtempSync(path.join(tmpdir(), 'shipwatch-bench-'));
/** Peak RSS (VmHWM, kB) of one `node <args>` process, read by a preload hook as the process exits. */
async function peakRssKb(
  args: string[],
  env: Record<string, string>,
): Promise<{ kb: number; stdout: string; code: number }> {
  const hook = path.join(tmp, 'vmhwm-hook.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write('\\nBENCH_VMHWM_KB=' + /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));",
  );
  const result = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    execFile(
      process.execPath,
      ['-r', hook, ...args],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
  const kb = Number(/BENCH_VMHWM_KB=(\d+)/.exec(result.stderr)?.[1]);
  if (!Number.isFinite(kb))
    throw new Error(`no VmHWM from node ${args.join(' ')}: ${result.stderr.slice(-500)}`);
  return { kb, stdout: result.stdout, code: result.code };
}

try {
  // The shipped command, one process per run, as a user runs it.
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  const cli = path.join(root, 'dist/cli.js');
  const configFile = path.join(tmp, 'shipwatch.yml');
  writeFileSync(
    configFile,
    stringify({
      product: 'bench',
      timeoutMs: 5000,
      concurrency: 16,
      channels: CHANNELS.map((c, i) => ({ ...c.entry, registry: servers[i]?.url })),
    }),
  );
  const emptyModule = path.join(tmp, 'empty.mjs');
  writeFileSync(emptyModule, '');
  // The floor: what any verify must do on Node 20, with none of our code — parse the YAML config
  // (same yaml package, bundled the same way), load node:http and node:https, and send one GET with a
  // timeout signal to each of the 16 origins over keep-alive agents, reading and JSON-parsing bodies.
  const floorSource = path.join(tmp, 'floor.ts');
  writeFileSync(
    floorSource,
    [
      "import { readFileSync } from 'node:fs';",
      "import http from 'node:http';",
      "import https from 'node:https';",
      `import { parse } from ${JSON.stringify(path.join(root, 'node_modules/yaml/dist/index.js'))};`,
      'const config = parse(readFileSync(process.argv[2], "utf8")) as { channels: { registry: string }[] };',
      'const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };',
      'await Promise.all(config.channels.map((c) => new Promise((resolve) => {',
      '  const req = http.get(c.registry + "/", { agent: agents.http, signal: AbortSignal.timeout(5000) }, (res) => {',
      "    let body = ''; res.setEncoding('utf8'); res.on('data', (d) => { body += d; });",
      "    res.on('end', () => { try { resolve(JSON.parse(body)); } catch { resolve(body); } });",
      '  });',
      "  req.on('error', resolve);",
      '})));',
      'agents.http.destroy();',
    ].join('\n'),
  );
  const floorModule = path.join(tmp, 'floor.mjs');
  await build({
    entryPoints: [floorSource],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: floorModule,
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const cliEnv = { GITHUB_TOKEN: 'bench-token-0123456789', NODE_AUTH_TOKEN: 'bench-token-0123456789' };
  const RUNS = 3;
  const oneShot: { label: string; kbs: number[]; note: string }[] = [];
  for (const [label, args] of [
    ['empty ESM module   [baseline]', [emptyModule]],
    ['floor: yaml + 16 GETs, no shipwatch code [baseline]', [floorModule, configFile]],
    ['cli.js --version   [baseline]', [cli, '--version']],
    ['cli.js verify (16 channels)', [cli, 'verify', '1.2.3', '--config', configFile]],
  ] as const) {
    const kbs: number[] = [];
    let note = '';
    for (let i = 0; i < RUNS; i++) {
      const r = await peakRssKb([...args], cliEnv);
      kbs.push(r.kb);
      note = /Summary: .*/.exec(r.stdout)?.[0] ?? (r.code === 0 ? '' : `exit ${r.code}`);
    }
    oneShot.push({ label, kbs, note });
  }

  const child = path.join(tmp, 'verify-child.mjs');
  await build({
    entryPoints: [path.join(root, 'bench/verify-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: child,
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const input = {
    channels: CHANNELS.map((c, i) => ({ ...c.entry, registry: servers[i]?.url })),
    env: { GITHUB_TOKEN: 'bench-token-0123456789', NODE_AUTH_TOKEN: 'bench-token-0123456789' },
  };
  const baselineKb = Number(
    /VmHWM:\s+(\d+)/.exec(
      execFileSync(
        process.execPath,
        ['-e', "process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8'))"],
        { encoding: 'utf8' },
      ),
    )?.[1],
  );
  // Asynchronous on purpose: the servers live in this process and must keep answering.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), child, JSON.stringify(input)],
    {
      encoding: 'utf8',
    },
  );
  const out = JSON.parse(stdout) as {
    channels: number;
    summary: string;
    fullMs: number;
    fullRuns: number[];
    singles: { name: string; ms: number }[];
    serialMs: number;
    hwmAfterImport: number;
    hwmBeforeRuns: number;
    hwmAfterParallel: number;
    hwmEnd: number;
  };
  // Second baseline: the same node binary doing only the HTTP part (6 × 16 parallel fetches, no shipwatch code).
  const fetchOnly = `const urls=${JSON.stringify(servers.map((x) => x.url))};for(let i=0;i<6;i++)await Promise.all(urls.map(u=>fetch(u+'/x').then(r=>r.text())));process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8'))`;
  const fetchKb = Number(
    /VmHWM:\s+(\d+)/.exec(
      (
        await promisify(execFile)(process.execPath, ['-e', `(async()=>{${fetchOnly}})()`], {
          encoding: 'utf8',
        })
      ).stdout,
    )?.[1],
  );
  const slowest = out.singles.reduce((a, b) => (b.ms > a.ms ? b : a));
  const ratio = out.fullMs / slowest.ms;
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const verifyPeak = Math.max(...(oneShot.at(-1)?.kbs ?? [Number.NaN]));
  const requests = servers.reduce((n, s) => n + s.count(), 0);
  const lines = [
    `bench/verify — ${out.channels} channels, ${LATENCY_MS} ms injected latency per request, ${requests} requests served, transport ${process.env.BENCH_TRANSPORT === 'fetch' ? 'injected fetch/undici (experiment)' : 'node:http (as in production)'}`,
    `  verify result:          ${out.summary}`,
    `  per channel (median of 3, alone): ${out.singles.map((s) => `${s.name} ${s.ms.toFixed(0)}`).join(', ')} ms`,
    `  slowest single channel: ${slowest.ms.toFixed(0)} ms (${slowest.name})   [baseline]`,
    `  all ${out.channels} in parallel:    ${out.fullMs.toFixed(0)} ms median of 5 (${out.fullRuns.map((x) => x.toFixed(0)).join(', ')})`,
    `  all ${out.channels} serially:       ${out.serialMs.toFixed(0)} ms (concurrency 1, for comparison)`,
    `  parallel / slowest:     ${ratio.toFixed(2)}×  (goal ≤ 3×: ${ratio <= 3 ? 'met' : 'NOT met'})`,
    `  peak RSS (VmHWM) of one process, ${RUNS} runs each, median [min–max]:`,
    ...oneShot.map(
      (o) =>
        `    ${o.label.padEnd(52)} ${mb(median(o.kbs))} MB [${mb(Math.min(...o.kbs))}–${mb(Math.max(...o.kbs))}]${o.note ? `  ${o.note}` : ''}`,
    ),
    `  shipped command's peak: ${mb(verifyPeak)} MB, worst of ${RUNS}  (goal ≤ 50 MB: ${verifyPeak / 1024 <= 50 ? 'met' : 'NOT met'})`,
    `  core child after ${1 + 5 + out.channels * 3 + 1} verify runs in one process (JIT, pools): ${mb(out.hwmAfterParallel)} MB after the parallel runs, ${mb(out.hwmEnd)} MB at exit`,
    `  core child VmHWM stages: after imports ${mb(out.hwmAfterImport)} MB, after warm-up run ${mb(out.hwmBeforeRuns)} MB`,
    `  empty node process (same binary):     ${mb(baselineKb)} MB   [baseline]`,
    `  node doing only the fetches (16 origins × 6, no shipwatch code): ${mb(fetchKb)} MB   [baseline]`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve))));
}
