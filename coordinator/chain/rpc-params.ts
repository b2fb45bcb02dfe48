// JSON-RPC errors and positional-parameter checks. Every handler reads its params through these, so a
// wrong type is a -32602 with the parameter named, never an exception that reaches the server loop.
import { isAddress, type Address } from '@solana/kit';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
// Agave's server error codes that web3.js recognises.
export const SEND_TX_PREFLIGHT_FAILURE = -32002;
export const TX_SIGNATURE_VERIFICATION_FAILURE = -32003;
export const UNSUPPORTED_TX_VERSION = -32015;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, `Invalid params: ${message}`);
}

/** Positional params as an array; a missing params member reads as []. */
export function paramList(params: unknown): unknown[] {
  if (params === undefined) return [];
  if (!Array.isArray(params)) throw invalidParams('expected an array of parameters');
  return params;
}

export function stringParam(params: unknown[], index: number, name: string): string {
  const value = params[index];
  if (typeof value !== 'string') throw invalidParams(`${name} must be a string`);
  return value;
}

export function addressParam(params: unknown[], index: number, name = 'address'): Address {
  const value = params[index];
  if (typeof value !== 'string' || !isAddress(value)) {
    throw invalidParams(`${name} must be a base-58 public key`);
  }
  return value;
}

export function uintParam(
  params: unknown[],
  index: number,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = params[index];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw invalidParams(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

/** The trailing config object most methods take; absent or null reads as {}. */
export function configParam(params: unknown[], index: number): Record<string, unknown> {
  const value = params[index];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParams('config must be an object');
  return value as Record<string, unknown>;
}

export function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParams(`${key} must be a string`);
  return value;
}

export function optionalBool(config: Record<string, unknown>, key: string): boolean | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParams(`${key} must be a boolean`);
  return value;
}

export function optionalUint(config: Record<string, unknown>, key: string, max: number): number | undefined {
  if (config[key] === undefined || config[key] === null) return undefined;
  return uintParam([config[key]], 0, key, max);
}
