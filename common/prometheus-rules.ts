/** A Prometheus recording rule. */
export interface RecordingRule {
  /** The series name written. */
  readonly record: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Labels added to the series. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  /** The alert name. */
  readonly alert: string;
  /** PromQL expression. */
  readonly expr: string;
  /** How long the condition must hold. */
  readonly for?: string;
  /** Labels added to the alert. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Alert annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One Prometheus rule. */
export type PrometheusRule = RecordingRule | AlertingRule;

/** A rule group: rules evaluated in order, at one interval. */
export interface RuleGroup {
  /** Group name. */
  readonly name: string;
  /** Evaluation interval; absent means Prometheus' global interval. */
  readonly interval?: string;
  /** The rules. */
  readonly rules: readonly PrometheusRule[];
}

/** A Prometheus rule file, the shape `promtool check rules` reads. */
export interface RuleFile {
  /** Its groups. */
  readonly groups: readonly RuleGroup[];
}
