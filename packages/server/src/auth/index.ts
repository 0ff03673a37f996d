export { hashPassword, verifyPassword } from './password.js';
export { createApiToken, hashToken, userForToken } from './tokens.js';
