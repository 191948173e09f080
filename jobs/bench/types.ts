import type { Logger } from '../runtime/log.ts';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The figure the issue asks for, in words ("≥ 20M rows/s"). */
  target?: string;
}

export interface BenchOptions {
  log: Logger;
  /** A small size, for a smoke run. */
  quick: boolean;
}

export type Bench = (options: BenchOptions) => Promise<BenchFigure[]>;
