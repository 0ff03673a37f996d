/**
 * Flask's app factory with a YAML config file, the Faultline way. The Flask original:
 *
 *   def create_app(config="config.yaml"):
 *       app = Flask(__name__)
 *       app.config.from_mapping(SECRET_KEY="dev")
 *       app.config.from_file(config, load=yaml.safe_load)
 *       app.register_error_handler(404, not_found)
 *       ...
 *       return app
 *
 *   if __name__ == "__main__":
 *       create_app().run()
 *
 * Run it: npx tsx --conditions=@faultline/source packages/sdk/src/dev/examples/create-app.ts
 * then open http://127.0.0.1:5000/boom for the debug page (DEBUG: true comes from config.yaml).
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { abort } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express, { type Express } from 'express';
import { loadConfig, run } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the app from defaults, the config file, an optional test mapping and FAULTLINE_* variables. */
export function createApp(configFile = 'config.yaml', testConfig?: Record<string, unknown>): Express {
  const config = loadConfig({
    defaults: { SECRET_KEY: 'dev', GREETING: 'Hello' },
    files: configFile,
    mapping: testConfig,
    root: here,
  });
  const app = express();
  // DEBUG from the file turns on propagation here; run() then adds the page and the reloader.
  const errors = faultline(app, { config });
  // As in Flask, a handler's result is 200 unless it says otherwise.
  errors.app.register(404, () => [{ error: 'nothing here' }, 404]);
  app.get('/', (_req, res) => {
    res.send(String(config.GREETING));
  });
  app.get('/missing', () => abort(404));
  app.get('/boom', () => {
    const database = config.DATABASE as { URL: string };
    throw new Error(`Could not connect to ${database.URL}`);
  });
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(createApp(), { port: 5000 });
}
