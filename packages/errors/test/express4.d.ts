// The `express4` devDependency is Express 4 installed under an alias; it has no typings of its own.
// Express 5's typings describe every part the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
