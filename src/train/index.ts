// Training the models that live in workbooks (see docs/training.md).
export { solve, solveModel, SOLVE_DEFAULTS, SOLVER_RESULTS, SolutionNotWrittenError, type SolveOptions, type SolveResult, type SolvePhases, type Solution, type SolverResultCode } from './solve.js';
export { modelFromRefs, modelFromSolver, modelFromWorkbook, type SolveModel, type Bound, type Constraint, type Relation, SOLVER_PRECISION } from './model.js';
export { Learner, CancelFitError, CancelStepError, type Callback, type Problem, type LearnerOptions } from './learner.js';
export { RecorderCallback, ScheduleCallback, DivergenceCallback, PlateauCallback, ProgressCallback, CancelCallback, type ProgressInfo } from './callbacks.js';
export { OPTIMISERS, makeOptimiser, adam, sgd, momentum, rmsprop, lbfgs, type Optimiser, type OptimiserName, type StepContext } from './optimisers.js';
export { SCHEDULES, oneCycle, scheduleRate, type ScheduleName } from './schedule.js';
export { TapeProblem } from './problem.js';
export { AugmentedLagrangian, MultiplierCallback, scalarConstraints, type CellFn, type CellSource, type ScalarConstraint } from './constrained.js';
