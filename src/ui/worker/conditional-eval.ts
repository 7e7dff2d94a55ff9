// A sheet's conditional formatting applied to its cells: the rules in priority order, each
// rule's range read from the workbook once per version of the values (an edit, a macro, a solve
// bump the version), formulas evaluated relative to each cell as Excel does (the rule's formulas
// are written for the top-left cell of its first range). What a cell gets is an overlay:
// fill, font and borders from the rules' dxfs (a higher-priority rule's parts win), a colour
// scale's fill, a data bar, an icon.
import type { Workbook } from '../../index.js';
import { a1, quoteSheet, shiftFormula } from '../../formula/index.js';
import { ErrorValue, type CellScalar, type RangeBox } from '../../xlsx/index.js';
import type { Cfvo, CfRule } from '../../xlsx/conditional-formats.js';
import type { BorderLook, Dxf, FontLook } from '../../xlsx/styles.js';
import {
  averageMatch, barLength, cellIsMatch, cfvoValue, duplicateKey, iconIndex, inTopN, parseRgb, rangeStats, rgbCss, scaleColor, textRuleMatch,
  type RangeStats, type Rgb,
} from './conditional.js';

export interface BarLook {
  /** Percent of the cell's width. */
  length: number;
  color: string;
  gradient: boolean;
}

export interface IconLook {
  set: string;
  index: number;
}

export interface CfOverlay {
  fill?: string;
  font?: FontLook;
  border?: BorderLook;
  bar?: BarLook;
  icon?: IconLook;
  /** A data bar or icon set that shows no value. */
  hideValue?: boolean;
}

interface Prepared {
  rule: CfRule;
  stats?: RangeStats;
  points?: number[];
  colors?: Rgb[];
  /** A colour scale's colour by value, for this version. */
  shades?: Map<number, string>;
  gte?: boolean[];
  counts?: Map<string, number>;
  /** Results of formulas per cell key, for this version. */
  memo: Map<number, CellScalar[]>;
  constants?: CellScalar[];
}

const KEY_COLS = 16384;
const truthy = (v: CellScalar): boolean => (typeof v === 'number' ? v !== 0 : typeof v === 'boolean' ? v : false);
const num = (v: CellScalar): number => (typeof v === 'number' ? v : NaN);
/** A formula that refers to no cell is the same for every cell: evaluated once. */
const CONSTANT = /^\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|"(?:[^"]|"")*"|TRUE|FALSE)\s*$/i;

export class SheetConditions {
  private readonly rules: CfRule[];
  private prepared: Prepared[] = [];
  private version = NaN;

  constructor(
    private readonly wb: Workbook,
    private readonly sheet: string,
    rules: CfRule[],
    private readonly dxfs: readonly Dxf[],
    /** The grid's extent: a rule over whole columns reads only this far. */
    private readonly limit: { rows: number; cols: number },
  ) {
    this.rules = [...rules].sort((a, b) => a.priority - b.priority);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Does any rule cover a cell of rows r1..r2? */
  touches(r1: number, r2: number): boolean {
    return this.rules.some((r) => r.boxes.some((b) => b.r1 <= r2 && b.r2 >= r1));
  }

  private read(box: RangeBox): CellScalar[][] {
    const r2 = Math.min(box.r2, this.limit.rows - 1), c2 = Math.min(box.c2, this.limit.cols - 1);
    if (r2 < box.r1 || c2 < box.c1) return [];
    const v = this.wb.get(`${quoteSheet(this.sheet)}!${a1(box.r1, box.c1)}:${a1(r2, c2)}`);
    return Array.isArray(v) ? v : [[v]];
  }

  private evaluate(formula: string): CellScalar {
    try {
      const v = this.wb.evaluate(formula, this.sheet);
      return Array.isArray(v) ? (v[0]?.[0] ?? null) : v;
    } catch {
      return new ErrorValue('#VALUE!');
    }
  }

  /** Everything about each rule that depends on the whole range, for this version of the values. */
  private prepare(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.prepared = this.rules.map((rule) => {
      const p: Prepared = { rule, memo: new Map() };
      const needsRange = rule.colorScale || rule.dataBar || rule.iconSet || ['top10', 'aboveAverage', 'duplicateValues', 'uniqueValues'].includes(rule.type);
      if (needsRange) {
        const cells = rule.boxes.flatMap((b) => this.read(b).flat());
        if (rule.type === 'duplicateValues' || rule.type === 'uniqueValues') {
          p.counts = new Map();
          for (const v of cells) {
            const k = duplicateKey(v);
            if (k !== undefined) p.counts.set(k, (p.counts.get(k) ?? 0) + 1);
          }
        } else {
          p.stats = rangeStats(Float64Array.from(cells, num));
          const cfvos: Cfvo[] | undefined = rule.colorScale?.cfvos ?? rule.dataBar?.cfvos ?? rule.iconSet?.cfvos;
          if (cfvos) {
            const stats = p.stats;
            p.points = cfvos.map((c) => cfvoValue(c, stats, (f) => num(this.evaluate(f))));
            p.gte = cfvos.map((c) => c.gte);
          }
          if (rule.colorScale) {
            p.colors = rule.colorScale.colors.map(parseRgb);
            p.shades = new Map();
          }
        }
      }
      if (rule.formulas.length && rule.formulas.every((f) => CONSTANT.test(f))) p.constants = rule.formulas.map((f) => this.evaluate(f));
      return p;
    });
  }

  /** The rule's formulas as they read from (row, col). */
  private formulasAt(p: Prepared, row: number, col: number): CellScalar[] {
    if (p.constants) return p.constants;
    const k = row * KEY_COLS + col;
    let got = p.memo.get(k);
    if (!got) {
      const top = p.rule.boxes[0]!;
      got = p.rule.formulas.map((f) => this.evaluate(shiftFormula(f, row - top.r1, col - top.c1)));
      p.memo.set(k, got);
    }
    return got;
  }

  /** Does a rule of the dxf kind hold for the cell? */
  private holds(p: Prepared, row: number, col: number, v: CellScalar): boolean {
    const r = p.rule;
    switch (r.type) {
      case 'cellIs': {
        const [a = null, b = null] = this.formulasAt(p, row, col);
        return cellIsMatch(r.operator ?? 'equal', v, a, b);
      }
      case 'expression':
        return truthy(this.formulasAt(p, row, col)[0] ?? null);
      case 'top10':
        return typeof v === 'number' && !!p.stats && inTopN(v, p.stats, r.rank ?? 10, r.percent ?? false, r.bottom ?? false);
      case 'aboveAverage':
        return typeof v === 'number' && !!p.stats && p.stats.sorted.length > 0 && averageMatch(v, p.stats, r.aboveAverage ?? true, r.equalAverage ?? false, r.stdDev ?? 0);
      case 'duplicateValues':
      case 'uniqueValues': {
        const k = duplicateKey(v);
        if (k === undefined) return false;
        const n = p.counts?.get(k) ?? 0;
        return r.type === 'duplicateValues' ? n > 1 : n === 1;
      }
      case 'containsText':
      case 'notContainsText':
      case 'beginsWith':
      case 'endsWith':
      case 'containsBlanks':
      case 'notContainsBlanks':
      case 'containsErrors':
      case 'notContainsErrors':
        return textRuleMatch(r.type, v, r.text ?? '');
      default:
        // timePeriod and rules newer than these: Excel writes their test as a formula (FLOOR(A1,1)=TODAY()-1)
        return r.formulas.length > 0 && truthy(this.formulasAt(p, row, col)[0] ?? null);
    }
  }

  /** The formatting the rules give the cell (row, col) holding `v`, or undefined for none. */
  overlay(row: number, col: number, v: CellScalar, version: number): CfOverlay | undefined {
    this.prepare(version);
    let out: CfOverlay | undefined;
    for (const p of this.prepared) {
      const r = p.rule;
      if (!r.boxes.some((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2)) continue;
      let applied = false;
      if (r.colorScale || r.dataBar || r.iconSet) {
        if (typeof v !== 'number' || !p.points || p.points.some(Number.isNaN)) continue;
        applied = true;
        out ??= {};
        if (r.colorScale && p.colors && p.points.length === p.colors.length) {
          if (!out.fill) {
            // the same number, the same colour: a sheet of zeros makes one string, not thousands
            let c = p.shades!.get(v);
            if (c === undefined) p.shades!.set(v, (c = rgbCss(scaleColor(v, p.points, p.colors))));
            out.fill = c;
          }
        } else if (r.dataBar && !out.bar) {
          const bar = r.dataBar;
          out.bar = { length: Math.round(barLength(v, p.points[0]!, p.points[1] ?? p.points[0]!, bar.minLength, bar.maxLength)), color: v < 0 && bar.negativeColor ? bar.negativeColor : bar.color, gradient: bar.gradient };
          if (!bar.showValue) out.hideValue = true;
        } else if (r.iconSet && !out.icon) {
          const n = p.points.length;
          const i = iconIndex(v, p.points, p.gte ?? []);
          out.icon = { set: r.iconSet.name, index: r.iconSet.reverse ? n - 1 - i : i };
          if (!r.iconSet.showValue) out.hideValue = true;
        }
      } else if (this.holds(p, row, col, v)) {
        applied = true;
        const dxf = r.dxfId === undefined ? undefined : this.dxfs[r.dxfId];
        if (dxf) {
          out ??= {};
          if (dxf.fill) out.fill ??= dxf.fill;
          if (dxf.font) out.font = { ...dxf.font, ...out.font };
          if (dxf.border) out.border = { ...dxf.border, ...out.border };
        }
      }
      if (applied && r.stopIfTrue) break;
    }
    return out;
  }
}
