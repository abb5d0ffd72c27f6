import { createScratchDatabase } from '@ftgo/tools';
import { describe } from 'vitest';
import { relayFaultSuite } from '../testing/relay-fault-suite';

describe('log-tailing relay under faults', () => relayFaultSuite('log-tailing', createScratchDatabase));
