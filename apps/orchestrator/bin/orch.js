#!/usr/bin/env node
// The `orch` command runs the built CLI (`pnpm build`). It is a file of its own, outside dist/, so that the bin
// exists when pnpm links it at install time, before the first build.
import '../dist/cli.js';
