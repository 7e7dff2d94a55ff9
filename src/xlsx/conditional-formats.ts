// A worksheet's conditional formatting (ECMA-376 18.3.1.18 conditionalFormatting / cfRule, and
// Excel 2010's x14 extensions for data bars): the rules as data, colours resolved. What each rule
// makes of the cells' values is computed by whoever draws them (src/ui/worker/conditional.ts).
import { parseBox } from '../formula/index.js';
import { resolveColor, type Palette } from './colors.js';
import type { RangeBox } from './model.js';
import { child, children, parseXml, type XmlElement } from './xml.js';

/** A threshold of a colour scale, data bar or icon set. */
export interface Cfvo {
  type: 'min' | 'max' | 'num' | 'percent' | 'percentile' | 'formula' | 'autoMin' | 'autoMax';
  /** A number or a formula (without '='). */
  val?: string;
  /** Icon sets: the value must be ≥ (true, the default) or > the threshold. */
  gte: boolean;
}

export interface CfRule {
  /** The cells it covers (sqref: one or more ranges). */
  boxes: RangeBox[];
  /** cellIs, expression, colorScale, dataBar, iconSet, top10, aboveAverage, duplicateValues, uniqueValues, containsText, notContainsText, beginsWith, endsWith, containsBlanks, notContainsBlanks, containsErrors, notContainsErrors, timePeriod */
  type: string;
  /** Lower numbers apply first. */
  priority: number;
  stopIfTrue: boolean;
  dxfId?: number;
  /** cellIs: between, notBetween, equal, notEqual, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual */
  operator?: string;
  /** The rule's formulas, without '=', relative to the top-left cell of the first range. */
  formulas: string[];
  text?: string;
  /** top10 */
  rank?: number;
  percent?: boolean;
  bottom?: boolean;
  /** aboveAverage (default true), equalAverage, stdDev */
  aboveAverage?: boolean;
  equalAverage?: boolean;
  stdDev?: number;
  timePeriod?: string;
  colorScale?: { cfvos: Cfvo[]; colors: string[] };
  dataBar?: { cfvos: Cfvo[]; color: string; minLength: number; maxLength: number; gradient: boolean; showValue: boolean; negativeColor?: string };
  iconSet?: { name: string; cfvos: Cfvo[]; reverse: boolean; showValue: boolean };
}

const truthy = (v: string | undefined, dflt: boolean): boolean => (v === undefined ? dflt : v === '1' || v === 'true');

function cfvo(el: XmlElement): Cfvo {
  const out: Cfvo = { type: (el.attrs['type'] ?? 'num') as Cfvo['type'], gte: truthy(el.attrs['gte'], true) };
  const val = el.attrs['val'] ?? child(el, 'f')?.text;
  if (val !== undefined) out.val = val.replace(/^=/, '');
  return out;
}

/** sqref "A1:B2 D4" -> boxes (a lone cell is a 1×1 box). */
export function parseSqref(sqref: string): RangeBox[] {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => parseBox(r.replace(/\$/g, '')))
    .filter((b): b is RangeBox => !!b);
}

/** x14:cfRule elements by id: Excel 2010 keeps a data bar's real settings there. */
function extRules(xml: string): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  const ext = /<(?:\w+:)?conditionalFormattings\b[^>]*>[\s\S]*?<\/(?:\w+:)?conditionalFormattings>/.exec(xml)?.[0];
  if (!ext) return out;
  const walk = (el: XmlElement): void => {
    if (el.name === 'cfRule' && el.attrs['id']) out.set(el.attrs['id'], el);
    el.children.forEach(walk);
  };
  walk(parseXml(ext, 'conditionalFormattings'));
  return out;
}

/** The worksheet's rules, in no particular order (each carries its priority). */
export function parseConditionalFormats(sheetXml: string, palette: Palette): CfRule[] {
  const out: CfRule[] = [];
  const blocks = sheetXml.match(/<(?:\w+:)?conditionalFormatting\b[^>]*>[\s\S]*?<\/(?:\w+:)?conditionalFormatting>/g);
  if (!blocks) return out;
  const ext = sheetXml.includes('conditionalFormattings') ? extRules(sheetXml) : new Map<string, XmlElement>();
  for (const block of blocks) {
    // the x14 namespace's own blocks are read through their ids above
    if (/^<x14:/.test(block)) continue;
    const root = parseXml(block, 'conditionalFormatting').children[0];
    if (!root) continue;
    const boxes = parseSqref(root.attrs['sqref'] ?? '');
    if (!boxes.length) continue;
    for (const r of children(root, 'cfRule')) {
      const a = r.attrs;
      const rule: CfRule = {
        boxes,
        type: a['type'] ?? '',
        priority: Number(a['priority'] ?? 0),
        stopIfTrue: truthy(a['stopIfTrue'], false),
        formulas: children(r, 'formula').map((f) => f.text.replace(/^=/, '')),
      };
      if (a['dxfId'] !== undefined) rule.dxfId = Number(a['dxfId']);
      if (a['operator']) rule.operator = a['operator'];
      if (a['text'] !== undefined) rule.text = a['text'];
      if (a['rank'] !== undefined) rule.rank = Number(a['rank']);
      if (a['percent'] !== undefined) rule.percent = truthy(a['percent'], false);
      if (a['bottom'] !== undefined) rule.bottom = truthy(a['bottom'], false);
      if (a['aboveAverage'] !== undefined) rule.aboveAverage = truthy(a['aboveAverage'], true);
      if (a['equalAverage'] !== undefined) rule.equalAverage = truthy(a['equalAverage'], false);
      if (a['stdDev'] !== undefined) rule.stdDev = Number(a['stdDev']);
      if (a['timePeriod']) rule.timePeriod = a['timePeriod'];
      const scale = child(r, 'colorScale');
      if (scale) {
        rule.colorScale = {
          cfvos: children(scale, 'cfvo').map(cfvo),
          colors: children(scale, 'color').map((c) => resolveColor(c, palette) ?? '#ffffff'),
        };
      }
      const bar = child(r, 'dataBar');
      if (bar) {
        const id = r.children.find((c) => c.name === 'extLst')?.children.flatMap((e) => e.children).find((c) => c.name === 'id')?.text;
        const x14 = id ? ext.get(id) : undefined;
        const xbar = x14 && child(x14, 'dataBar');
        // Excel 2007's bars run from 10% to 90% of the cell and fade; 2010's (an x14 twin) 0 to 100%, gradient unless said.
        rule.dataBar = {
          cfvos: children(bar, 'cfvo').map(cfvo),
          color: resolveColor(child(bar, 'color'), palette) ?? '#638ec6',
          minLength: Number(xbar?.attrs['minLength'] ?? (xbar ? 0 : (bar.attrs['minLength'] ?? 10))),
          maxLength: Number(xbar?.attrs['maxLength'] ?? (xbar ? 100 : (bar.attrs['maxLength'] ?? 90))),
          gradient: xbar ? truthy(xbar.attrs['gradient'], true) : true,
          showValue: truthy(bar.attrs['showValue'], true),
        };
        const neg = xbar && resolveColor(child(xbar, 'negativeFillColor'), palette);
        if (neg) rule.dataBar.negativeColor = neg;
      }
      const icons = child(r, 'iconSet');
      if (icons) {
        rule.iconSet = {
          name: icons.attrs['iconSet'] ?? '3TrafficLights1',
          cfvos: children(icons, 'cfvo').map(cfvo),
          reverse: truthy(icons.attrs['reverse'], false),
          showValue: truthy(icons.attrs['showValue'], true),
        };
      }
      out.push(rule);
    }
  }
  return out;
}
