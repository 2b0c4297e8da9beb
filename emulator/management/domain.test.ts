import { test, expect } from '../testing/fixtures.ts';
import { hashPassword, verifyPassword } from '../tenant/passwords.ts';
import { checkPasswordPolicy, mergeMetadata } from '../tenant/users.ts';
import { dottedGet, matches, parseQuery } from './lucene.ts';
import { redact } from './redact.ts';

test.describe('user domain rules', () => {
  test('should apply Auth0 "good" password policy: 8 characters, 3 of 4 classes', () => {
    expect(checkPasswordPolicy('Ab1!')).toBe('min_length');
    expect(checkPasswordPolicy('abcdefgh')).toBe('character_classes');
    expect(checkPasswordPolicy('abcdEFGH')).toBe('character_classes');
    expect(checkPasswordPolicy('abcdEFG1')).toBeUndefined();
    expect(checkPasswordPolicy('abcdefg1!')).toBeUndefined();
  });

  test('should hash with a random salt and verify only the right password', async () => {
    const a = await hashPassword('Corr3ct-Horse');
    const b = await hashPassword('Corr3ct-Horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$/);
    expect(await verifyPassword('Corr3ct-Horse', a)).toBe(true);
    expect(await verifyPassword('corr3ct-horse', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  test('should merge metadata at the root level with null deleting keys', () => {
    const current = { a: 1, nested: { x: 1, y: 2 }, gone: true };
    const merged = mergeMetadata(current, { nested: { z: 3 }, gone: null, b: [1] });
    expect(merged).toEqual({ a: 1, nested: { z: 3 }, b: [1] });
    expect(current).toEqual({ a: 1, nested: { x: 1, y: 2 }, gone: true });
    const proto = mergeMetadata(
      {},
      JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>,
    );
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });
});

test.describe('Lucene query subset', () => {
  const docs = [
    {
      type: 's',
      user_id: 'auth0|1',
      date: '2024-01-10T10:00:00.000Z',
      app_metadata: { tier: 'gold' },
    },
    {
      type: 'sapi',
      user_id: 'auth0|2',
      date: '2024-02-10T10:00:00.000Z',
      app_metadata: { tier: 'silver' },
    },
    {
      type: 'fp',
      user_id: 'auth0|3',
      date: '2024-03-10T10:00:00.000Z',
      identities: [{ connection: 'db' }],
    },
  ];
  const options = { get: dottedGet, defaultFields: ['type', 'user_id'] };
  const run = (q: string) =>
    docs.filter((d) => matches(parseQuery(q), d, options)).map((d) => d.user_id);

  test('should match exact, quoted, wildcard, nested and bare terms', () => {
    expect(run('type:s')).toEqual(['auth0|1']);
    expect(run('type:s*')).toEqual(['auth0|1', 'auth0|2']);
    expect(run('user_id:"auth0|2"')).toEqual(['auth0|2']);
    expect(run('app_metadata.tier:gold')).toEqual(['auth0|1']);
    expect(run('identities.connection:db')).toEqual(['auth0|3']);
    expect(run('sapi')).toEqual(['auth0|2']);
    expect(run('')).toHaveLength(3);
  });

  test('should combine with AND, OR, NOT, parentheses and default OR', () => {
    expect(run('type:s* AND NOT type:sapi')).toEqual(['auth0|1']);
    expect(run('type:fp OR type:s')).toEqual(['auth0|1', 'auth0|3']);
    expect(run('type:fp type:s')).toEqual(['auth0|1', 'auth0|3']);
    expect(run('(type:fp OR type:sapi) AND -user_id:"auth0|3"')).toEqual(['auth0|2']);
  });

  test('should evaluate inclusive, exclusive and open date ranges', () => {
    expect(run('date:[2024-02-10 TO *]')).toEqual(['auth0|2', 'auth0|3']);
    expect(run('date:{2024-01-10T10:00:00.000Z TO 2024-03-10T10:00:00.000Z}')).toEqual(['auth0|2']);
    expect(run('date:[* TO 2024-01-31]')).toEqual(['auth0|1']);
  });

  test('should reject malformed queries with a 400 ManagementApiError', () => {
    for (const q of ['type:', '(type:s', 'type:s)', 'date:[a TO]', 'type:"open']) {
      expect(() => parseQuery(q), q).toThrow(expect.objectContaining({ statusCode: 400 }));
    }
  });
});

test.describe('log redaction', () => {
  test('should redact passwords and secret values but keep secret names', () => {
    expect(
      redact({ password: 'p', secrets: [{ name: 'K', value: 'v' }], app_metadata: { value: 1 } }),
    ).toEqual({
      password: '[REDACTED]',
      secrets: [{ name: 'K', value: '[REDACTED]' }],
      app_metadata: { value: 1 },
    });
  });
});
