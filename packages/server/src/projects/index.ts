export { createProjectWithKey } from './create-project.js';
export { dsnForKey } from './dsn.js';
