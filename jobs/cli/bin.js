#!/usr/bin/env node
// The CLI runs from TypeScript source: tsx registers the loader once, here and in every worker thread.
import { register } from 'tsx/esm/api';

register();
await import('./index.ts');
