#!/usr/bin/env node
import { buildApp } from '../lib/app';
import { StageConfigError } from '../lib/config';

// The stage comes from `-c stage=<name>`. A config problem is the user's to fix, so print just the
// message (which names the stage and field) rather than a stack trace.
try {
  buildApp();
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
