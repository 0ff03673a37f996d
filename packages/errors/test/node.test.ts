import { nodeFixture } from './apps/node.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('node:http', nodeFixture);
