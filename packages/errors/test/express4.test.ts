import express4 from 'express4';
import { expressFixture } from './apps/express.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('express 4', expressFixture(express4));
