import express from 'express';
import { expressFixture } from './apps/express.js';
import { runAdapterContract } from './contract/run-adapter-contract.js';

runAdapterContract('express 5', expressFixture(express));
