import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import {
  AnomalyConfigError,
  generateAnomalyRules,
  renderAnomalyRules,
} from '../../anomaly/index.js';
import { durationProblem, parseDuration } from '../../common/index.js';
import type { AnomalyOptionsInput, RuleFile } from '../../anomaly/index.js';
import { printJson, writeOut } from '../output.js';

interface RulesFlags {
  readonly out?: string;
  readonly bucket?: string;
  readonly options?: string;
  readonly json?: boolean;
}

/**
 * `agc anomaly rules [--out FILE] [--bucket 5m] [--options FILE] [--json]`: prints (or writes) the
 * Prometheus recording and alerting rules computing the frequency z-score over
 * `agc_tool_calls_total` with the same bucket, baseline, warm-up, σ floors and thresholds as the
 * in-process detector. `--options` reads anomaly options (YAML or JSON, the policy's `anomaly:`
 * block shape). Exit 2 on a bad `--bucket`, 1 on invalid options or an unreadable file.
 */
export function registerAnomalyCommand(program: Command): void {
  const anomaly = program.command('anomaly').description('behavioural anomaly detection');
  anomaly
    .command('rules')
    .description('generate Prometheus rules for the tool-call frequency z-score')
    .option('--out <file>', 'write the rules to FILE instead of stdout')
    .option('--bucket <duration>', 'bucket width, e.g. 1m or 5m (default: the detector default)')
    .option('--options <file>', 'anomaly options (YAML or JSON) to generate from')
    .option('--json', 'print the rule groups as JSON')
    .action((flags: RulesFlags) => {
      let bucketMs: number | undefined;
      if (flags.bucket !== undefined) {
        bucketMs = parseDuration(flags.bucket);
        if (bucketMs === undefined) {
          process.stderr.write(`agc anomaly rules: --bucket: ${durationProblem(flags.bucket)}\n`);
          process.exitCode = 2;
          return;
        }
      }
      let rules: RuleFile;
      try {
        const input = flags.options === undefined ? {} : readOptions(flags.options);
        rules = generateAnomalyRules(
          bucketMs === undefined
            ? input
            : { ...input, frequency: { ...input.frequency, bucketMs } },
        );
      } catch (error) {
        const lines =
          error instanceof AnomalyConfigError ? error.errors : [(error as Error).message];
        for (const line of lines) process.stderr.write(`agc anomaly rules: ${line}\n`);
        process.exitCode = 1;
        return;
      }
      const text = flags.json ? `${JSON.stringify(rules, null, 2)}\n` : renderAnomalyRules(rules);
      if (flags.out === undefined) {
        if (flags.json) printJson(rules);
        else process.stdout.write(text);
        return;
      }
      writeFileSync(flags.out, text);
      const count = rules.groups.reduce((n, group) => n + group.rules.length, 0);
      writeOut(`wrote ${count} rules in ${rules.groups.length} groups to ${flags.out}`);
    });
}

function readOptions(file: string): AnomalyOptionsInput {
  const text = readFileSync(file, 'utf8');
  const value: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text);
  return value ?? {};
}
