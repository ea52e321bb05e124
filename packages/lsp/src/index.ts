export { startServer } from "./main.js";
export { createServer, DEFAULT_DEBOUNCE_MS, SERVER_CAPABILITIES, type ServerOptions } from "./server.js";
