#!/usr/bin/env node
'use strict';
require('../dist/cjs/cli/main.js')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`agc: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
