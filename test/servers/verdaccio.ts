/**
 * @module A real Verdaccio (the npm registry server) for tests: child process on 127.0.0.1, free
 * port, temp storage, no uplinks (never proxies npmjs). Packages are published with the real
 * `npm publish` against it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RunningVerdaccio {
  /** `http://127.0.0.1:PORT`, the registry base URL (npmjs layout). */
  url: string;
  /** Creates a user through the registry API and returns its token. */
  addUser(name: string, password: string): Promise<string>;
  /** Packs and publishes a package with the real npm CLI; returns the tarball path it published. */
  publish(pkg: { name: string; version: string }, token: string): Promise<string>;
  /** Runs `npm unpublish name@version --force`. */
  unpublish(spec: string, token: string): Promise<void>;
  close(): Promise<void>;
}

export async function startVerdaccio(): Promise<RunningVerdaccio> {
  const dir = mkdtempSync(join(tmpdir(), 'shipwatch-verdaccio-'));
  const configPath = join(dir, 'config.yaml');
  // `@private/*` needs a logged-in user to read: stands in for GitHub Packages' token-only reads.
  writeFileSync(
    configPath,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      '    max_users: 100',
      'uplinks: {}',
      'packages:',
      "  '@private/*':",
      '    access: $authenticated',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  const entry = createRequire(import.meta.url).resolve('verdaccio');
  const launcher = `
    const { runServer } = require(${JSON.stringify(entry)});
    runServer(${JSON.stringify(configPath)}).then(
      (server) => server.listen(0, '127.0.0.1', () => process.stdout.write('VERDACCIO_PORT=' + server.address().port + '\\n')),
      (error) => { console.error(error); process.exit(1); },
    );`;
  const child = spawn(process.execPath, ['-e', launcher], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForPort(child);
  const url = `http://127.0.0.1:${port}`;

  const npmEnv = (): NodeJS.ProcessEnv => {
    // npm run/npx export npm_config_* to children; they would override our temp .npmrc.
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^npm_config_/i.test(key)) env[key] = value;
    }
    return env;
  };
  const npmrc = (token: string): string => {
    const path = join(dir, `.npmrc-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return path;
  };
  const npm = (args: string[], cwd: string, token: string) =>
    run('npm', [...args, '--registry', `${url}/`, '--userconfig', npmrc(token), '--no-audit', '--no-fund'], {
      cwd,
      env: npmEnv(),
    });

  return {
    url,
    async addUser(name, password) {
      const response = await fetch(`${url}/-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password, type: 'user', roles: [] }),
      });
      const body = (await response.json()) as { token?: string };
      if (!response.ok || !body.token) throw new Error(`verdaccio adduser answered ${response.status}`);
      return body.token;
    },
    async publish(pkg, token) {
      const pkgDir = mkdtempSync(join(dir, 'pkg-'));
      writeFileSync(
        join(pkgDir, 'package.json'),
        JSON.stringify({ name: pkg.name, version: pkg.version, main: 'index.js', license: 'MIT' }),
      );
      writeFileSync(
        join(pkgDir, 'index.js'),
        `module.exports = ${JSON.stringify(`${pkg.name}@${pkg.version}`)};\n`,
      );
      const packed = await npm(['pack', '--json', '--pack-destination', pkgDir], pkgDir, token);
      const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
      const tarball = join(pkgDir, filename);
      mkdirSync(join(pkgDir, 'cwd'));
      // npm 11 refuses to publish a prerelease without an explicit dist-tag.
      const tag = pkg.version.includes('-') ? ['--tag', 'next'] : [];
      await npm(
        ['publish', tarball, '--access', 'public', '--provenance=false', ...tag],
        join(pkgDir, 'cwd'),
        token,
      );
      return tarball;
    },
    async unpublish(spec, token) {
      await npm(['unpublish', spec, '--force'], dir, token);
    },
    async close() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let settled = false;
    const onExit = (code: number | null) =>
      fail(new Error(`verdaccio exited with ${code}: ${err.slice(-500)}`));
    const timer = setTimeout(
      () => fail(new Error(`verdaccio did not start within 30 s: ${err.slice(-500)}`)),
      30_000,
    );
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
      reject(error);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /VERDACCIO_PORT=(\d+)/.exec(out);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', onExit);
  });
}
