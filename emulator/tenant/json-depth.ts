/**
 * @module emulator/tenant/json-depth
 * The nesting bound on free-form JSON the tenant stores (settings objects, metadata, …), and an
 * iterative depth test: a 100k-deep value costs a loop, never the call stack (reliability
 * audit §6: deep metadata used to overflow the stack and answer 500).
 */

/**
 * How deep a free-form JSON value (settings objects, metadata, …) may nest. Auth0 documents no
 * depth limit; its stores do have one (MongoDB refuses documents nested over 100 levels,
 * https://www.mongodb.com/docs/manual/reference/limits/#mongodb-limit-Nested-Depth-for-BSON-Documents,
 * and Elasticsearch, behind user search, maps at most 20 inner levels by default,
 * `index.mapping.depth.limit`). The stricter of the two, 20, is used; unconfirmed on live.
 * Deeper values are refused with 400 naming the property, never a stack overflow.
 */
export const MAX_FREEFORM_DEPTH = 20;

/**
 * Whether `value` nests deeper than `max` levels (objects and arrays; the value itself is
 * level 1). Iterative: a 100k-deep value costs a loop, never the call stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as Record<string, unknown>))
      if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
  }
  return false;
}
