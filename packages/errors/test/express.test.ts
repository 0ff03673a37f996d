import express from 'express';
import { runAdapterContract } from './contract/run-adapter-contract.js';
import { expressFixture } from './fixtures/express.js';

runAdapterContract('express 5', expressFixture(express));
