/**
 * Reading GraphDef attributes as tfjs-converter writes them in model.json: integers as decimal
 * strings, strings base64-encoded, lists under `list`.
 */
import type { GraphNodeDef } from '../../../model/graph-topology.js';

type AttrValue = { i?: string | number; f?: number | string; b?: boolean; s?: string; type?: string; list?: { i?: Array<string | number>; f?: Array<number | string>; s?: string[] } };

function attr(node: GraphNodeDef, name: string): AttrValue | undefined {
  const value = node.attr?.[name];
  return typeof value === 'object' && value !== null ? (value as AttrValue) : undefined;
}

/** Decodes a base64 GraphDef string (tfjs-converter writes `s` fields base64-encoded). */
export function decodeText(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** An integer attribute, or `fallback`. */
export function attrInt(node: GraphNodeDef, name: string, fallback: number): number {
  const value = attr(node, name)?.i;
  return value === undefined ? fallback : Number(value);
}

/** A float attribute, or `fallback`. */
export function attrFloat(node: GraphNodeDef, name: string, fallback: number): number {
  const value = attr(node, name)?.f;
  return value === undefined ? fallback : Number(value);
}

/** A boolean attribute, or `fallback`. */
export function attrBool(node: GraphNodeDef, name: string, fallback: boolean): boolean {
  return attr(node, name)?.b ?? fallback;
}

/** A string attribute (decoded), or `fallback`. */
export function attrString(node: GraphNodeDef, name: string, fallback: string): string {
  const value = attr(node, name)?.s;
  return value === undefined ? fallback : decodeText(value);
}

/** An integer-list attribute, or `fallback`. */
export function attrInts(node: GraphNodeDef, name: string, fallback: number[]): number[] {
  const list = attr(node, name)?.list;
  return list?.i ? list.i.map(Number) : fallback;
}

/** A string-list attribute (decoded). */
export function attrStrings(node: GraphNodeDef, name: string): string[] {
  return (attr(node, name)?.list?.s ?? []).map(decodeText);
}

/** A dtype attribute such as `DT_FLOAT`, or undefined. */
export function attrType(node: GraphNodeDef, name: string): string | undefined {
  return attr(node, name)?.type;
}
