import type { PatchTarget } from '../patch-target.js';

/** `Client.prototype.callTool` of the MCP TypeScript SDK v1. */
export const MCP_CLIENT: PatchTarget = {
  package: '@modelcontextprotocol/sdk',
  versions: ['>=1.0.0 <2'],
  cjs: 'dist/cjs/client/index.js',
  esm: 'dist/esm/client/index.js',
};

/** `McpServer.prototype.executeToolHandler`: where a server runs a registered tool. */
export const MCP_SERVER: PatchTarget = {
  package: '@modelcontextprotocol/sdk',
  versions: ['>=1.0.0 <2'],
  cjs: 'dist/cjs/server/mcp.js',
  esm: 'dist/esm/server/mcp.js',
};
