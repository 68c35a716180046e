import { dirname } from 'node:path';
import { FRAMEWORK_INSTRUMENTATIONS, frameworkCensus } from '../instrumentation/index.js';
import type { FrameworkName, FrameworkPackage } from '../instrumentation/index.js';
import type { GovernanceMetrics } from '../processors/governance-metrics.js';

/** What {@link reportFrameworks} needs to know about the process. */
export interface FrameworkReportOptions {
  /** The frameworks switched on (`AGC_INSTRUMENTATIONS`). */
  readonly enabled: readonly FrameworkName[];
  /** The policy mode, named in the warning (enforce mode cannot stop calls it does not see). */
  readonly mode: string;
  /** The app's entry script. @default process.argv[1] */
  readonly entry?: string;
  /** @default process.cwd() */
  readonly cwd?: string;
  /** Where a warning line goes. @default stderr */
  readonly warn?: (line: string) => void;
}

/**
 * At start: finds the framework packages installed next to the app, reports each as
 * `agc_instrumentation_info{framework,package,version,patched}`, and warns once per package
 * whose version is outside the supported range (`patched="false"`) — its tool calls are not
 * governed, and nothing else would say so. A framework switched off by configuration is
 * reported `patched="disabled"`, without a warning (the user chose it).
 */
export function reportFrameworks(
  metrics: GovernanceMetrics,
  options: FrameworkReportOptions,
): FrameworkPackage[] {
  const entry = options.entry ?? process.argv[1];
  const from = [...new Set([...(entry ? [dirname(entry)] : []), options.cwd ?? process.cwd()])];
  const enabled = new Set(options.enabled);
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const found = frameworkCensus(FRAMEWORK_INSTRUMENTATIONS, from);
  for (const pkg of found) {
    const on = enabled.has(pkg.framework);
    const patched = !on ? 'disabled' : pkg.supported ? 'true' : 'false';
    metrics.recordInstrumentation(pkg.framework, pkg.package, pkg.version, patched);
    if (on && !pkg.supported) {
      const enforce = options.mode === 'enforce' ? ' (enforce mode cannot stop them)' : '';
      warn(
        `@agc/otel: ${pkg.package} ${pkg.version} is outside the supported range ` +
          `${pkg.ranges.join(' || ')} of the ${pkg.framework} instrumentation: its tool calls ` +
          `are NOT governed${enforce}`,
      );
    }
  }
  return found;
}
