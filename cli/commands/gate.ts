import { formatIssue } from '../../common/index.js';
import type { Command } from 'commander';
import {
  DEFAULT_GATE_CONFIG,
  DEFAULT_SELECTOR_TEMPLATE,
  GATE_USAGE_EXIT_CODE,
  GateConfigError,
  PrometheusClient,
  PrometheusQueryError,
  SelectorError,
  ShadowRunError,
  formatGateReport,
  gatePrometheus,
  gateRecordings,
  gateShadow,
  loadGateConfig,
  loadGateSlos,
  parseSelector,
  startGateServer,
} from '../../gate/index.js';
import type { GateConfig, GateReport } from '../../gate/index.js';
import { RecordingReadError } from '../../replay/index.js';
import type { SloSpec } from '../../slo/index.js';
import { durationProblem, parseDuration } from '../../common/index.js';
import { printJson, writeOut } from '../output.js';

interface GateFlags {
  readonly baseline?: string[];
  readonly canary?: string[];
  readonly canaryCommand?: string;
  readonly prometheus?: string;
  readonly window?: string;
  readonly config?: string;
  readonly slo?: string[];
  readonly recordDir?: string;
  readonly timeout?: string;
  readonly json?: boolean;
}

interface ServeFlags {
  readonly port: string;
  readonly host: string;
  readonly config?: string;
  readonly slo?: string[];
  readonly prometheus?: string;
  readonly selectorTemplate: string;
  readonly window: string;
  readonly recordings?: string;
}

/** A usage or input problem: one line on stderr, exit 2. */
class UsageError extends Error {}

/**
 * `agc gate`: judge a canary against its baseline and exit with the verdict (0 pass, 1 fail,
 * 3 marginal or inconclusive, 2 usage or input error; see docs/gate.md).
 *
 * - `agc gate --baseline REC... --canary REC...` — recordings (files or folders).
 * - `agc gate --prometheus URL --baseline SEL --canary SEL [--window 30m]` — live metrics.
 * - `agc gate --baseline REC... --canary-command "node --require @agc/otel new-agent.js"` —
 *   shadow check: the canary re-runs against the baseline's recorded inputs.
 * - `agc gate serve --port P` — the HTTP endpoint for Argo Rollouts and Flagger.
 */
export function registerGateCommand(program: Command): void {
  const gate = program
    .command('gate')
    .description('progressive-delivery gate: judge a canary against its baseline')
    .option('--baseline <recordings...>', 'baseline recordings (with --prometheus: a selector)')
    .option('--canary <recordings...>', 'canary recordings (with --prometheus: a selector)')
    .option('--canary-command <command>', "shadow check: run COMMAND on the baseline's inputs")
    .option('--prometheus <url>', 'judge live metrics through this Prometheus HTTP API')
    .option('--window <duration>', 'lookback with --prometheus (default 30m)')
    .option('--config <file>', 'gate file (default: the built-in examples/gate/gate.yaml)')
    .option('--slo <specs...>', "SLO spec files for slo_burn (overrides the gate file's)")
    .option('--record-dir <dir>', 'where the shadow canary records (default: a temp folder)')
    .option('--timeout <duration>', 'longest the canary command may run (default 10m)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: GateFlags) => {
      try {
        const report = await runGate(flags);
        if (flags.json) printJson(report);
        else process.stdout.write(formatGateReport(report));
        process.exitCode = report.exitCode;
      } catch (error) {
        fail('agc gate', error);
      }
    });

  gate
    .command('serve')
    .description('serve the gate over HTTP for Argo Rollouts (web) and Flagger (prometheus)')
    .requiredOption('--port <port>', 'port to listen on (0 = any free port)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--config <file>', 'gate file (default: the built-in examples/gate/gate.yaml)')
    .option('--slo <specs...>', "SLO spec files for slo_burn (overrides the gate file's)")
    .option('--prometheus <url>', 'judge selectors through this Prometheus HTTP API')
    .option('--selector-template <selector>', 'selector for arm names', DEFAULT_SELECTOR_TEMPLATE)
    .option('--window <duration>', 'lookback when a request gives none', '30m')
    .option('--recordings <dir>', 'judge recordings under DIR (request paths are relative)')
    .action(async (_local: ServeFlags, command: Command) => {
      // `agc gate` has options of the same names and takes them wherever they appear (the root
      // program's options are not positional): read both levels.
      const flags = command.optsWithGlobals<ServeFlags>();
      let server;
      try {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`--port '${flags.port}' is not a port number`);
        }
        if (parseDuration(flags.window) === undefined) {
          throw new UsageError(`--window: ${durationProblem(flags.window)}`);
        }
        if (flags.prometheus === undefined && flags.recordings === undefined) {
          throw new UsageError('give --prometheus URL, --recordings DIR, or both');
        }
        const { config, slos } = loadConfig(flags.config, flags.slo);
        server = startGateServer({
          config,
          slos,
          port,
          host: flags.host,
          ...(flags.prometheus !== undefined && {
            prometheus: {
              client: new PrometheusClient(flags.prometheus),
              selectorTemplate: flags.selectorTemplate,
              defaultWindow: flags.window,
            },
          }),
          ...(flags.recordings !== undefined && { recordingsRoot: flags.recordings }),
          onError: (error) => process.stderr.write(`agc gate serve: ${message(error)}\n`),
        });
        writeOut(`agc gate serve: listening on ${await server.url}/v1/gate`);
      } catch (error) {
        fail('agc gate serve', error);
        return;
      }
      const running = server;
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

async function runGate(flags: GateFlags): Promise<GateReport> {
  const baseline = flags.baseline ?? [];
  if (baseline.length === 0) throw new UsageError('--baseline is required');
  const shadow = flags.canaryCommand !== undefined;
  if (shadow === (flags.canary !== undefined)) {
    throw new UsageError('give exactly one of --canary and --canary-command');
  }
  if (flags.prometheus === undefined && flags.window !== undefined) {
    throw new UsageError('--window applies to --prometheus only');
  }
  const { config, slos } = loadConfig(flags.config, flags.slo);
  if (flags.prometheus !== undefined) {
    if (shadow) throw new UsageError('--canary-command judges recordings, not --prometheus');
    const window = flags.window ?? '30m';
    if (parseDuration(window) === undefined) {
      throw new UsageError(`--window: ${durationProblem(window)}`);
    }
    return gatePrometheus(config, slos, {
      prometheus: flags.prometheus,
      baseline: parseSelector(baseline.join(' ')),
      canary: parseSelector((flags.canary ?? []).join(' ')),
      window,
    });
  }
  if (flags.canaryCommand !== undefined) {
    const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
    if (flags.timeout !== undefined && timeoutMs === undefined) {
      throw new UsageError(`--timeout: ${durationProblem(flags.timeout)}`);
    }
    const { report } = await gateShadow(config, slos, {
      command: flags.canaryCommand,
      baseline,
      ...(flags.recordDir !== undefined && { recordDir: flags.recordDir }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
    return report;
  }
  return gateRecordings(config, slos, baseline, flags.canary ?? []);
}

function loadConfig(
  file: string | undefined,
  sloFiles: readonly string[] | undefined,
): { config: GateConfig; slos: SloSpec[] } {
  const config = file === undefined ? DEFAULT_GATE_CONFIG : loadGateConfig(file);
  return { config, slos: loadGateSlos(sloFiles ?? config.sloSpecs) };
}

/** Prints one line per problem and sets exit code 2; rethrows what is not an input problem. */
function fail(command: string, error: unknown): void {
  if (error instanceof GateConfigError) {
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
  } else if (
    error instanceof UsageError ||
    error instanceof SelectorError ||
    error instanceof RecordingReadError ||
    error instanceof PrometheusQueryError ||
    error instanceof ShadowRunError
  ) {
    process.stderr.write(`${command}: ${error.message}\n`);
  } else {
    throw error;
  }
  process.exitCode = GATE_USAGE_EXIT_CODE;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
