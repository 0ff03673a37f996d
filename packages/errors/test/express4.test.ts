import express4 from 'express4';
import { runAdapterContract } from './contract/run-adapter-contract.js';
import { expressFixture } from './fixtures/express.js';

runAdapterContract('express 4', expressFixture(express4));
