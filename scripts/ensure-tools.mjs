// Makes sure the external tools the tests use are installed: promtool and prometheus (Debian's
// `prometheus`) and a headless browser for the HTML report test (Debian's `chromium`). Installs
// them with apt-get when running as root (CI, fresh machines); otherwise says what to install and
// fails, because tests that need them must not be skipped.
import { execFileSync, spawnSync } from 'node:child_process';

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
