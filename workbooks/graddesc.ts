// workbooks/graddesc.xlsx: fitting the line y = 2x + 30 by gradient descent, one sheet per
// optimiser (fast.ai 2018 lesson 5's graddesc.xlsm): online SGD with finite differences beside the
// analytic gradients, momentum, RMSProp, Adam, Adam with annealing, and the same fit as one
// GRADSTEP per step. Each epoch is one pass down rows 4 to 32; the lesson's VBA buttons are
// workbook actions (docs/actions.md): onestep, somesteps (5 epochs), reset.
import { Workbook } from '../src/index.js';
import { runMacro } from '../src/vba/index.js';
import { actionName, localName, solverNames } from './common.js';
import { SheetBuilder, writeXlsx, type NameSpec } from './xlsx.js';

// The lesson's 29 x values: basic!A4:A32 of fast.ai course-v3's graddesc.xlsm (its y values,
// basic!B4:B32, are 2x + 30, which the data sheet computes).
export const XS = [14, 86, 28, 51, 28, 29, 72, 62, 84, 15, 42, 62, 47, 35, 9, 38, 44, 99, 13, 21, 28, 20, 8, 64, 99, 70, 27, 17, 8];
const FIRST = 4;
const LAST = FIRST + XS.length - 1; // 32

/** The lesson's learning rates, which reset restores where the course's macro does. */
export const LEARNING_RATES = { basic: 1e-4, momentum: 1e-4, rmsprop: 0.02, adam: 1, adam_ann: 1, gradstep: 1e-4 } as const;
export const OPTIMISERS = ['basic', 'momentum', 'rmsprop', 'adam', 'adam_ann'] as const;

interface Part {
  sheet: SheetBuilder;
  names: NameSpec[];
}

function dataSheet(): Part {
  const s = new SheetBuilder('data');
  s.row('A1', ['b', 'intercept', 30], 'bold').row('A2', ['a', 'slope', 2], 'bold');
  s.row('A3', ['x', 'y'], 'bold').column('A4', XS);
  for (let r = FIRST; r <= LAST; r++) s.set(`B${r}`, `=$C$1+A${r}*$C$2`);
  s.set('E1', 'the points of the line y = a·x + b that every optimiser sheet fits', 'note');
  return { sheet: s, names: [] };
}

/** Rows 1-3 shared by the optimiser sheets, and the x, y columns read from the data sheet. */
function top(name: string, title: string): SheetBuilder {
  const s = new SheetBuilder(name);
  s.row('B1', ['intercept', 1], 'bold').row('B2', ['slope', 1], 'bold').style('C1:C2', 'param');
  s.set('D1', 'lr', 'bold').set('D2', LEARNING_RATES[name as keyof typeof LEARNING_RATES], 'param');
  s.set('A1', title, 'note');
  s.row('A3', ['x', 'y', 'intercept', 'slope', 'y_pred'], 'bold');
  for (let r = FIRST; r <= LAST; r++) s.row(`A${r}`, [`=data!A${r}`, `=data!B${r}`]);
  // Each row starts from the previous row's new values; row 4 from C1:C2.
  s.row(`C${FIRST}`, ['=$C$1', '=$C$2']);
  s.width('A:A', 6);
  return s;
}

const names = (sheet: string, refs: Record<string, string>): NameSpec[] => Object.entries(refs).map(([n, r]) => localName(sheet, n, r));
const actions = (sheet: string, programs: Record<string, string>): NameSpec[] => Object.entries(programs).map(([n, p]) => actionName(sheet, n, p));

function basic(): Part {
  const s = top('basic', 'online SGD: one step per row, analytic gradients with finite differences beside them');
  s.row('F3', ['err^2', 'err (b+0.01)', 'est de/db', 'err (a+0.01)', 'est de/da', 'de/db', 'de/da', 'new slope', 'new intercept'], 'bold');
  s.row('F1', ['e = (ax+b-y)^2', 'de/db = 2(ax+b-y)', 'de/da = x·2(ax+b-y)'], 'note');
  for (let r = FIRST; r <= LAST; r++) {
    if (r > FIRST) s.row(`C${r}`, [`=N${r - 1}`, `=M${r - 1}`]);
    s.row(`E${r}`, [
      `=C${r}+D${r}*A${r}`,
      `=(B${r}-E${r})^2`,
      `=(((C${r}+0.01)+A${r}*D${r})-B${r})^2`,
      `=(G${r}-F${r})/0.01`,
      `=(((D${r}+0.01)*A${r}+C${r})-B${r})^2`,
      `=(I${r}-F${r})/0.01`,
      `=2*(E${r}-B${r})`,
      `=K${r}*A${r}`,
      `=D${r}-L${r}*lr`,
      `=C${r}-K${r}*lr`,
    ]);
  }
  s.set('E33', 'rmse', 'bold').set('F33', `=SQRT(AVERAGE(F${FIRST}:F${LAST}))`, 'objective');
  s.set('J33', 'gradient norms', 'bold').row('K33', [`=SQRT(SUMSQ(K${FIRST}:K${LAST}))`, `=SQRT(SUMSQ(L${FIRST}:L${LAST}))`]);
  s.set('C35', 'rmse after each onestep (the action pastes it here)', 'note').set('C36', 'rmse', 'bold');
  return {
    sheet: s,
    names: [
      ...names('basic', { intercept: 'C1', slope: 'C2', lr: 'D2', lastintercept: `C${LAST}`, lastslope: `D${LAST}`, rmse: 'F33', rmsestart: 'C36', rmses: 'C37:C536' }),
      ...actions('basic', {
        onestep: 'copy lastslope to slope; copy lastintercept to intercept; calculate; copy rmse below rmsestart',
        somesteps: 'repeat 5 run onestep',
        reset: 'set slope = 1; set intercept = 1; clear rmses; calculate',
      }),
    ],
  };
}

/** momentum, rmsprop, adam, adam_ann: the state columns J onwards, carried from epoch to epoch in row 33. */
function stateful(kind: 'momentum' | 'rmsprop' | 'adam' | 'adam_ann'): Part {
  const titles = {
    momentum: 'SGD with momentum: each step follows an average of the gradients (beta in J1)',
    rmsprop: 'RMSProp: each step divided by the root of an average of the squared gradients',
    adam: 'Adam: momentum divided by the root of the average squared gradient',
    adam_ann: 'Adam with annealing: lr divided by 4 whenever the gradient ratio (P34) exceeds 2',
  };
  const s = top(kind, titles[kind]);
  const adam = kind === 'adam' || kind === 'adam_ann';
  const err = adam ? 'N' : 'L';
  s.row('F3', ['de/db', 'de/da', 'new intercept', 'new slope'], 'bold');
  s.row('I1', ['beta', 0.9, '=1-J1'], 'bold');
  s.set('J2', kind === 'rmsprop' ? 'avg grad^2 (b, a)' : 'momentum (b, a)', 'note');
  if (adam) s.row('L1', [kind === 'adam_ann' ? 0.95 : 0.9, '=1-L1'], 'bold').set('L2', 'avg grad^2 (b, a)', 'note');
  const state = adam ? ['J', 'K', 'L', 'M'] : ['J', 'K'];
  for (const c of state) s.set(`${c}3`, `=${c}33`);
  s.set(`${err}3`, 'err^2', 'bold');
  for (let r = FIRST; r <= LAST; r++) {
    const p = r - 1;
    if (r > FIRST) s.row(`C${r}`, [`=H${p}`, `=I${p}`]);
    s.row(`E${r}`, [`=C${r}+D${r}*A${r}`, `=2*(D${r}*A${r}+C${r}-B${r})`, `=F${r}*A${r}`]);
    if (kind === 'momentum') {
      s.row(`H${r}`, [`=C${r}-J${r}*lr`, `=D${r}-K${r}*lr`, `=J${p}*$J$1+$K$1*F${r}`, `=K${p}*$J$1+$K$1*G${r}`]);
    } else if (kind === 'rmsprop') {
      // As the course's sheet: the step divides by the average before this row's gradient joins it.
      s.row(`H${r}`, [`=C${r}-F${r}*lr/SQRT(J${p})`, `=D${r}-G${r}*lr/SQRT(K${p})`, `=J${p}*$J$1+$K$1*F${r}^2`, `=K${p}*$J$1+$K$1*G${r}^2`]);
    } else {
      s.row(`H${r}`, [
        `=C${r}-J${r}*lr/SQRT(L${r})`,
        `=D${r}-K${r}*lr/SQRT(M${r})`,
        `=J${p}*$J$1+$K$1*F${r}`,
        `=K${p}*$J$1+$K$1*G${r}`,
        `=L${p}*$L$1+$M$1*F${r}^2`,
        `=M${p}*$L$1+$M$1*G${r}^2`,
      ]);
    }
    s.set(`${err}${r}`, `=(B${r}-E${r})^2`);
  }
  // Row 33: the state the next epoch starts from (pasted by onestep), and the epoch's rmse.
  for (const c of state) s.set(`${c}33`, adam ? (c === 'J' || c === 'K' ? 0 : 10000) : kind === 'momentum' ? 0 : 10000);
  s.set('I33', 'carried', 'bold');
  s.set(`${err}33`, `=SQRT(AVERAGE(${err}${FIRST}:${err}${LAST}))`, 'objective');
  // As the course's sheets: the next epoch starts from row 32's intercept and slope.
  const refs: Record<string, string> = { intercept: 'C1', slope: 'C2', lr: 'D2', lastintercept: `C${LAST}`, lastslope: `D${LAST}`, rmse: `${err}33` };
  const copyState: string[] = [];
  if (kind !== 'rmsprop') Object.assign(refs, { momlast: `J${LAST}:K${LAST}`, momtarget: 'J33:K33' });
  if (kind === 'rmsprop') Object.assign(refs, { ms_last: `J${LAST}:K${LAST}`, gradtarget: 'J33:K33' });
  if (adam) Object.assign(refs, { ms_last: `L${LAST}:M${LAST}`, gradtarget: 'L33:M33' });
  if (refs.ms_last) copyState.push('copy ms_last to gradtarget');
  if (refs.momlast) copyState.push('copy momlast to momtarget');
  const onestep = [...copyState, 'copy lastslope to slope', 'copy lastintercept to intercept', 'calculate'].join('; ');
  // reset: the lesson's start (intercept = slope = 1), then the state warmed up by passes at that
  // point, as the course's reset macros do: one for momentum, two for the others. Each pass's
  // copies read one state, as in manual calculation (the course's adam_ann reset; its adam reset
  // ran in automatic calculation, which recalculates between the two copies: docs/graddesc.md).
  const clear = [refs.gradtarget && 'set gradtarget = 10000', refs.momtarget && 'set momtarget = 0'].filter(Boolean);
  const lrReset = kind === 'rmsprop' ? [] : [`set lr = ${LEARNING_RATES[kind]}`];
  const pass = [...copyState, 'calculate'];
  const reset = [...clear, 'set slope = 1', 'set intercept = 1', ...lrReset, 'calculate', ...pass, ...(kind === 'momentum' ? [] : pass)];
  const programs: Record<string, string> = { onestep, somesteps: 'repeat 5 run onestep' };
  if (kind === 'adam_ann') {
    s.set('O3', 'prev avg grad', 'bold').set('P3', 0);
    s.set('O33', 'avg grad', 'bold').set('P33', '=SQRT(L33)+SQRT(M33)');
    s.set('O34', 'ratio', 'bold').set('P34', '=avg_grad2/prev_grad2');
    Object.assign(refs, { prev_grad2: 'P3', avg_grad2: 'P33', gradrat: 'P34' });
    programs.step = 'run onestep; if gradrat > 2 then set lr = lr / 4; if avg_grad2 < prev_grad2 then copy avg_grad2 to prev_grad2; calculate';
    programs.somesteps = 'repeat 5 run step';
    // ...and the gradient size the annealing compares with is the warmed-up one.
    reset.splice(reset.length - 1, 0, 'copy avg_grad2 to prev_grad2');
  }
  programs.reset = reset.join('; ');
  return { sheet: s, names: [...names(kind, refs), ...actions(kind, programs)] };
}

function gradstep(): Part {
  const s = new SheetBuilder('gradstep');
  s.set('A1', 'full-batch gradient descent: GRADSTEP gives the next intercept and slope', 'note');
  s.row('B1', ['intercept', 1], 'bold').row('B2', ['slope', 1], 'bold').style('C1:C2', 'param');
  s.set('D1', 'lr', 'bold').set('D2', LEARNING_RATES.gradstep, 'param');
  s.set('F1', 'GRAD', 'bold').set('G1', '=GRAD(D33,C1:C2)');
  s.set('H1', 'GRADSTEP', 'bold').set('I1', '=GRADSTEP(D33,C1:C2,D2)');
  s.row('A3', ['x', 'y', 'y_pred', 'err^2'], 'bold');
  for (let r = FIRST; r <= LAST; r++) s.row(`A${r}`, [`=data!A${r}`, `=data!B${r}`, `=intercept+slope*A${r}`, `=(B${r}-C${r})^2`]);
  s.set('C33', 'mse', 'bold').set('D33', `=AVERAGE(D${FIRST}:D${LAST})`, 'objective');
  s.set('C34', 'rmse', 'bold').set('D34', '=SQRT(D33)');
  return {
    sheet: s,
    names: [
      ...names('gradstep', { intercept: 'C1', slope: 'C2', lr: 'D2', mse: 'D33', rmse: 'D34' }),
      // The same fit for gradsheet solve (or Excel's Solver): minimise the mse.
      ...solverNames('gradstep', 'D33', ['C1:C2']),
      ...actions('gradstep', {
        onestep: 'copy I1:I2 to C1:C2; calculate',
        somesteps: 'repeat 5 run onestep',
        reset: 'set slope = 1; set intercept = 1; calculate',
      }),
    ],
  };
}

/** The bytes of graddesc.xlsx as written (no cached values yet). */
export function writeGraddesc(): Uint8Array {
  const parts = [dataSheet(), basic(), ...(['momentum', 'rmsprop', 'adam', 'adam_ann'] as const).map(stateful), gradstep()];
  return writeXlsx(
    parts.map((p) => p.sheet),
    parts.flatMap((p) => p.names),
  );
}

/**
 * graddesc.xlsx computed, every sheet at its reset state: basic and gradstep are written so (their
 * reset sets intercept and slope to 1 and clears basic's empty log), the others' state is warmed up.
 */
export function buildGraddesc(): Uint8Array {
  const wb = Workbook.load(writeGraddesc());
  for (const sheet of ['momentum', 'rmsprop', 'adam', 'adam_ann']) runMacro(wb, `${sheet}.reset`);
  return wb.save('xlsx');
}
