import { createScratchDatabase } from '@ftgo/tools';
import { describe } from 'vitest';
import { relayFaultSuite } from '../testing/relay-fault-suite';

describe('polling relay under faults', () => relayFaultSuite('polling', createScratchDatabase));
