#!/usr/bin/env node
import { buildApp } from '../lib/app';
import { StageConfigError } from '../lib/config';
import { SiteNotBuiltError } from '../lib/site-files';

// The stage comes from `-c stage=<name>`. A config problem or a missing site build is the user's to
// fix, so print just the message (which names the stage and field, or the step to run) rather than a
// stack trace.
try {
  buildApp();
} catch (error) {
  if (!(error instanceof StageConfigError) && !(error instanceof SiteNotBuiltError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
