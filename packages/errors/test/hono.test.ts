import { honoFixture } from './apps/hono.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('hono', honoFixture);
