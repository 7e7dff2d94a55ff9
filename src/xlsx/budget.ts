// The memory a workbook may take once read: what stands between a hostile file (a sheet claiming
// millions of cells) and an exhausted machine, where a fixed cell count would also refuse a
// legitimate 7-million-cell workbook. Reading charges each cell what it costs in memory (the file
// model's object, the engine's cell, its text) against the budget and stops with one TOO_LARGE
// line before the process would run out. The figures below were measured on the 1M-rating
// workbook (5 million cells; see bench/recalc.ts --size 1m) and round up.
import { WorkbookError } from './model.js';
import { nodeBuiltin } from './node-builtin.js';

export interface LoadOptions {
  /**
   * Bytes the workbook may take in memory once read (its parts, cells, formulas and their text,
   * the engine's share). Default: defaultMaxMemory(), half the machine's memory.
   */
  maxMemory?: number;
  /**
   * Called as loading passes a phase: 'read' once the file is parsed into the model, 'engine'
   * once the engine is built and computed: a UI shows progress, a benchmark times the phases.
   */
  onPhase?: (phase: 'read' | 'engine') => void;
  /**
   * Called while a sheet's cells are read, every few thousand cells: the browser's page shows how
   * far a long sheet has got (the worker reading it cannot be asked).
   */
  onRead?: (progress: ReadProgress) => void;
  /**
   * Given each worksheet's XML as read (by index), before its cells are parsed: a caller that needs
   * more of the part than the model keeps (the browser view: column widths, merges, styles) takes
   * it here instead of inflating and decoding a 265 MB part again.
   */
  onSheetText?: (sheet: number, text: string) => void;
}

export interface ReadProgress {
  sheet: string;
  /** The 0-based row being read. */
  row: number;
  /** How much of the sheet's text is read, 0 to 1 (a sheet need not say how many rows it has). */
  fraction: number;
}

/** Bytes per cell, as held from reading to saving (model, engine, saving's share). */
export const CELL_COST = {
  /** a number, boolean, error or blank-with-value constant */
  constant: 200,
  /** a formula cell, besides its text */
  formula: 450,
  /** per character of a formula's or a text constant's text (UTF-16 at worst) */
  char: 2,
} as const;

const GiB = 1024 ** 3;

/** Used where the machine's memory cannot be learned (a browser without navigator.deviceMemory). */
const FALLBACK_MEMORY = 4 * GiB;

interface NodeOs {
  totalmem(): number;
}

/** The machine's memory in bytes: os.totalmem() under Node, navigator.deviceMemory in a browser. */
export function machineMemory(): number {
  const os = nodeBuiltin<NodeOs>('node:os');
  if (os) return os.totalmem();
  const gb = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  return typeof gb === 'number' && gb > 0 ? gb * GiB : FALLBACK_MEMORY;
}

/**
 * Half the machine's memory (at least 1 GiB): the rest is left to the system and to what the
 * command does afterwards (training's arrays, saving's output).
 */
export function defaultMaxMemory(): number {
  return Math.max(GiB, Math.floor(machineMemory() / 2));
}

/** "4G", "512M", "1.5GB", "800000000" -> bytes (K, M, G, T are powers of 1024); undefined if not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: GiB, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 && Number.isFinite(n) ? n : undefined;
}

export function formatSize(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** What reading has spent so far against the limit. */
export class MemoryBudget {
  private spent = 0;
  constructor(
    readonly limit: number,
    /** Told of reading's progress at each batch charged (LoadOptions.onRead). */
    readonly onRead?: (progress: ReadProgress) => void,
  ) {}

  /** Spend `bytes`; `where` says what was being read ("sheet Data") when the limit is passed. */
  charge(bytes: number, where: string): void {
    this.spent += bytes;
    if (this.spent > this.limit) this.refuse(where);
  }

  get used(): number {
    return this.spent;
  }

  private refuse(where: string): never {
    throw new WorkbookError('TOO_LARGE', `the workbook needs more than ${formatSize(this.limit)} of memory (at ${where}); allow more with --max-memory`);
  }
}

export function budgetOf(options: LoadOptions): MemoryBudget {
  const limit = options.maxMemory;
  if (limit !== undefined && !(limit > 0)) throw new WorkbookError('TOO_LARGE', `maxMemory must be a positive number of bytes, not ${limit}`);
  return new MemoryBudget(limit ?? defaultMaxMemory(), options.onRead);
}
