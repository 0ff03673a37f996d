import { fastifyFixture } from './apps/fastify.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('fastify', fastifyFixture);
