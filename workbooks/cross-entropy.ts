// workbooks/cross-entropy.xlsx: softmax and cross-entropy as in fast.ai's lessons (2018 lesson 3,
// the course's entropy_example.xlsx): the five image classes' activations through EXP and SUM
// beside SOFTMAX, cross-entropy of one-hot targets with LN (the course's sheet uses LOG, base 10:
// shown beside it, the same loss times 1/LN(10)), and binary cross-entropy with SIGMOID as a tiny
// logistic regression that gradsheet solve (or Excel's Solver) fits.
import { computed, localName, solverNames } from './common.js';
import { SheetBuilder, writeXlsx, type NameSpec } from './xlsx.js';

export const CLASSES = ['cat', 'dog', 'plane', 'fish', 'building'];
// The activations of the course's entropy_example.xlsx (softmax!B2:B6); the image is a dog.
export const LOGITS = [-4.885224780447092, 2.5974728206314666, 0.591664975702642, -2.0689445222722602, -4.568679173867985];
const TARGET = 1;

// A batch of four images for the entropy sheet: the one above, then three more.
const BATCH = [
  LOGITS,
  [3.1, -0.4, 0.2, -1.5, -2.2],
  [-1.2, 0.3, 2.4, 0.1, 1.9],
  [0.5, 0.8, -0.3, 2.2, -1.0],
];
const BATCH_TARGETS = [1, 0, 4, 3]; // the true class of each (0-based); image 3 is mislabelled by the model

// The binary sheet's points: a feature x and whether the image is a cat (overlapping classes, so
// the best fit is finite).
export const BINARY_X = [0.5, 1.2, 1.9, 2.4, 3.0, 3.3, 3.9, 4.6, 5.2, 6.0];
export const BINARY_Y = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1];

interface Part {
  sheet: SheetBuilder;
  names: NameSpec[];
}

function softmax(): Part {
  const s = new SheetBuilder('softmax');
  s.set('A1', 'softmax: exponentiate the activations, divide by their sum; SOFTMAX() does both', 'note');
  s.row('A3', ['class', 'output', 'exp', 'softmax', 'SOFTMAX()', 'actuals', 'p - actuals', 'GRAD of the loss'], 'bold');
  CLASSES.forEach((c, i) => {
    const r = 4 + i;
    s.set(`A${r}`, c, 'bold').set(`B${r}`, LOGITS[i]!, 'param');
    s.set(`C${r}`, `=EXP(B${r})`).set(`D${r}`, `=C${r}/$C$9`).set(`F${r}`, i === TARGET ? 1 : 0).set(`G${r}`, `=D${r}-F${r}`);
  });
  s.set('E4', '=SOFTMAX(B4:B8)');
  s.set('A9', 'sum', 'bold').set('C9', '=SUM(C4:C8)').set('D9', '=SUM(D4:D8)').set('E9', '=SUM(E4:E8)');
  s.set('A11', 'loss', 'bold').set('B11', '=-LN(SUMPRODUCT(D4:D8,F4:F8))', 'objective');
  s.set('C11', 'minus the log of the probability of the actual class: this image\'s cross-entropy', 'note');
  // The lesson's point about the gradient of softmax + cross-entropy: it is p - y.
  s.set('H4', '=GRAD(B11,B4:B8)');
  s.set('A13', 'the gradient of the loss with respect to the activations (H) is softmax - actuals (G)', 'note');
  s.width('A:A', 10).width('B:H', 12);
  return { sheet: s, names: [localName('softmax', 'loss', 'B11')] };
}

function entropy(): Part {
  const s = new SheetBuilder('entropy');
  s.set('A1', 'cross-entropy of one-hot targets: minus the log of the probability given to the true class', 'note');
  s.row('A3', ['class', 'softmax', 'actuals', 'x-entropy (LN)', 'x-entropy (LOG, base 10)'], 'bold');
  CLASSES.forEach((c, i) => {
    const r = 4 + i;
    s.row(`A${r}`, [c, `=softmax!D${r}`, `=softmax!F${r}`, `=C${r}*LN(B${r})`, `=C${r}*LOG(B${r})`]);
    s.style(`A${r}`, 'bold');
  });
  s.set('A9', 'loss', 'bold').set('D9', '=-SUM(D4:D8)', 'objective').set('E9', '=-SUM(E4:E8)');
  s.set('A10', 'only the true class counts', 'note').set('D10', '=-LN(INDEX(B4:B8,MATCH(1,C4:C8,0)))');
  s.set('A11', 'LN / LOG', 'note').set('D11', '=D9/E9').set('E11', '=LN(10)');

  // A batch: four images, SOFTMAX by rows, one-hot targets, the mean of the losses.
  s.set('A13', 'a batch of four images', 'bold');
  s.row('B14', CLASSES, 'bold').row('G14', CLASSES, 'bold').row('L14', ['target', 'loss'], 'bold');
  s.set('B15', 'activations', 'note').set('G15', 'SOFTMAX by rows', 'note').set('L15', 'one-hot targets in Q:U', 'note');
  s.row('Q14', CLASSES, 'bold');
  BATCH.forEach((logits, i) => {
    const r = 16 + i;
    s.set(`A${r}`, `image ${i + 1}`, 'bold').row(`B${r}`, logits, 'param');
    s.set(`L${r}`, CLASSES[BATCH_TARGETS[i]!]!);
    s.row(`Q${r}`, CLASSES.map((_c, k) => (k === BATCH_TARGETS[i] ? 1 : 0)));
    s.set(`M${r}`, `=-SUMPRODUCT(Q${r}:U${r},LN(G${r}:K${r}))`);
  });
  s.set('G16', '=SOFTMAX(B16:F19)');
  s.set('L20', 'mean', 'bold').set('M20', '=AVERAGE(M16:M19)', 'objective');
  s.width('A:A', 12);
  return { sheet: s, names: [] };
}

function binary(): Part {
  const s = new SheetBuilder('binary');
  s.set('A1', 'binary cross-entropy: one probability (SIGMOID of an activation) for "is a cat"', 'note');
  s.row('B2', ['weight', 0], 'bold').row('B3', ['bias', 0], 'bold').style('C2:C3', 'param');
  s.row('A5', ['x', 'isCat', 'activation', 'PredCat', 'PredNotCat', 'BCE', 'IF twin', 'BCE (LOG)'], 'bold');
  BINARY_X.forEach((x, i) => {
    const r = 6 + i;
    s.row(`A${r}`, [
      x,
      BINARY_Y[i]!,
      `=$C$2*A${r}+$C$3`,
      `=SIGMOID(C${r})`,
      `=1-D${r}`,
      `=-(B${r}*LN(D${r})+(1-B${r})*LN(E${r}))`,
      `=-IF(B${r}=1,LN(D${r}),LN(1-D${r}))`,
      `=-(B${r}*LOG(D${r})+(1-B${r})*LOG(E${r}))`,
    ]);
  });
  const last = 5 + BINARY_X.length;
  s.set(`E${last + 1}`, 'mean', 'bold');
  s.row(`F${last + 1}`, [`=AVERAGE(F6:F${last})`, `=AVERAGE(G6:G${last})`, `=AVERAGE(H6:H${last})`]);
  s.style(`F${last + 1}`, 'objective');
  s.set(`A${last + 3}`, 'With weight = bias = 0 every PredCat is 0.5 and the loss is LN(2) = 0.693: a coin toss.', 'note');
  s.set(`A${last + 4}`, 'gradsheet solve workbooks/cross-entropy.xlsx --model binary fits weight and bias.', 'note');
  return { sheet: s, names: solverNames('binary', `F${last + 1}`, ['C2:C3']) };
}

/** The bytes of cross-entropy.xlsx as written (no cached values yet). */
export function writeCrossEntropy(): Uint8Array {
  const parts = [softmax(), entropy(), binary()];
  return writeXlsx(
    parts.map((p) => p.sheet),
    parts.flatMap((p) => p.names),
  );
}

export function buildCrossEntropy(): Uint8Array {
  return computed(writeCrossEntropy());
}
