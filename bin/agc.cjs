#!/usr/bin/env node
'use strict';
// A closed pipe (`agc replay show REC | head`) is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../dist/cjs/cli/main.js')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`agc: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
