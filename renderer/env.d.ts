// Ambient declarations for the renderer bundle: style sheets are handled by the bundler, not by
// TypeScript. This file also keeps the renderer project non-empty before the first screen exists.
declare module '*.css';
