import { koaFixture } from './apps/koa.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('koa', koaFixture);
