/*
 * The one place the Grafana foundation SDK is imported. It publishes subpath exports only (no
 * root entry, no typesVersions); the CommonJS build's node10 resolution finds their types through
 * `paths` in tsconfig.cjs.json. Node resolves the subpaths at run time in both formats.
 */
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

export { bargauge, cog, common, dashboard, prometheus, stat, statetimeline, table, timeseries };
