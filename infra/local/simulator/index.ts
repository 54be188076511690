export type { GroundTruth } from './ground-truth';
export type { FaultKind, FaultRates, SimQuotaLimits } from './sim-types';
export { NO_FAULTS } from './sim-types';
export {
  createSimulator,
  type SimulatedCreator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
  startSimulator,
} from './simulator';
