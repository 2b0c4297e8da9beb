import { Management, ManagementError, type ManagementClient } from 'auth0';
import { test, expect } from '../testing/management-fixtures.ts';
import { buildErrorOf } from './action-build.ts';
import { managementClient } from './test-client.ts';

const CODE = `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/v', event.secrets.KEY ? 1 : 0);
};`;

const unique = (tag: string) =>
  `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

async function builtAction(mgmt: ManagementClient, code = CODE) {
  const action = await mgmt.actions.create({
    name: unique('action'),
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code,
    secrets: [{ name: 'KEY', value: 'super-secret-value' }],
  });
  await expect
    .poll(async () => (await mgmt.actions.get(action.id as string)).status, { timeout: 5000 })
    .toBe('built');
  return action.id as string;
}

test.describe('Management API Actions (https://auth0.com/docs/api/management/v2/actions)', () => {
  test('should create an action that builds from pending to built with write-only secrets', async ({
    mgmt,
  }) => {
    const created = await mgmt.actions.create({
      name: unique('build'),
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE,
      secrets: [{ name: 'KEY', value: 'super-secret-value' }],
    });
    expect(created).toMatchObject({
      status: 'pending',
      runtime: 'node22',
      all_changes_deployed: false,
    });
    expect(created.secrets).toEqual([{ name: 'KEY', updated_at: expect.any(String) }]);
    expect(created.deployed_version).toBeUndefined();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const status = (await mgmt.actions.get(created.id as string)).status as string;
          seen.add(status);
          return status;
        },
        { timeout: 5000, intervals: [50] },
      )
      .toBe('built');
    expect(seen.has('building')).toBe(true);
    expect(JSON.stringify(await mgmt.actions.get(created.id as string))).not.toContain(
      'super-secret-value',
    );
  });

  test('should refuse to deploy a draft that is not built', async ({ mgmt }) => {
    const created = await mgmt.actions.create({
      name: unique('early'),
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    const err = await mgmt.actions.deploy(created.id as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.BadRequestError);
    expect((err as ManagementError).body).toMatchObject({
      statusCode: 400,
      message: "A draft must be in the 'built' state before it can be deployed.",
    });
  });

  test('should end a build of code that does not compile in failed, keeping the file, line and compiler message internal', async ({
    emulator,
    mgmt,
  }) => {
    const name = unique('broken');
    const created = await mgmt.actions.create({
      name,
      supported_triggers: [{ id: 'post-login' }],
      code: 'exports.onExecutePostLogin = async (event, api) => {\n  const x = ;\n};',
    });
    const id = created.id as string;
    await expect
      .poll(async () => (await mgmt.actions.get(id)).status, { timeout: 5000 })
      .toBe('failed');
    const record = emulator.context.tenant.actions.get(id);
    expect(record && buildErrorOf(record)).toBe(`${name}.js:2: SyntaxError: Unexpected token ';'`);
    // Auth0 documents build `errors` on versions only; the draft shows none (unconfirmed on live).
    const draft = await mgmt.actions.get(id);
    expect(draft).not.toHaveProperty('errors');
    expect(JSON.stringify(draft)).not.toContain('Unexpected token');

    await mgmt.actions.update(id, { code: CODE });
    await expect
      .poll(async () => (await mgmt.actions.get(id)).status, { timeout: 5000 })
      .toBe('built');
    expect(record && buildErrorOf(record)).toBeUndefined();
  });

  test('should deploy immutable numbered versions and roll back', async ({ mgmt }) => {
    const id = await builtAction(mgmt);
    const v1 = await mgmt.actions.deploy(id);
    expect(v1).toMatchObject({
      number: 1,
      deployed: true,
      status: 'built',
      action_id: id,
      code: CODE,
    });
    expect(await mgmt.actions.get(id)).toMatchObject({
      all_changes_deployed: true,
      deployed_version: { id: v1.id },
    });

    const code2 = CODE.replace('? 1 : 0', '? 2 : 0');
    const draft = await mgmt.actions.update(id, { code: code2 });
    expect(draft).toMatchObject({ all_changes_deployed: false, status: 'pending' });
    await expect
      .poll(async () => (await mgmt.actions.get(id)).status, { timeout: 5000 })
      .toBe('built');
    const v2 = await mgmt.actions.deploy(id);
    expect(v2).toMatchObject({ number: 2, code: code2 });

    const versions = await mgmt.actions.versions.list(id);
    expect(versions.data.map((v) => [v.number, v.deployed])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await mgmt.actions.versions.get(id, v1.id as string)).code).toBe(CODE);
    const rolledBack = await mgmt.actions.versions.deploy(id, v1.id as string);
    expect(rolledBack).toMatchObject({ id: v1.id, deployed: true });
    expect((await mgmt.actions.get(id)).deployed_version?.number).toBe(1);
  });

  test('should answer a duplicate name with 409 and an unknown action with 404', async ({
    mgmt,
  }) => {
    const name = unique('dup');
    await mgmt.actions.create({ name, supported_triggers: [{ id: 'post-login' }], code: CODE });
    const dup = await mgmt.actions
      .create({ name, supported_triggers: [{ id: 'post-login' }], code: CODE })
      .catch((e: unknown) => e);
    // create documents no 409, so the SDK surfaces it as a plain ManagementError.
    expect(dup).toBeInstanceOf(ManagementError);
    expect((dup as ManagementError).statusCode).toBe(409);
    const missing = await mgmt.actions
      .get('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Management.NotFoundError);
    const noTriggers = await mgmt.actions
      .create({ name: unique('x') } as never)
      .catch((e: unknown) => e);
    expect((noTriggers as ManagementError).body).toMatchObject({
      message: "Payload validation error: 'Missing required property: supported_triggers'.",
    });
  });

  test('should list actions filtered by trigger, name and deployed', async ({ mgmt }) => {
    const id = await builtAction(mgmt);
    const name = (await mgmt.actions.get(id)).name as string;
    const byName = await mgmt.actions.list({ actionName: name });
    expect(byName.data.map((a) => a.id)).toEqual([id]);
    expect(byName.response).toMatchObject({ total: 1, page: 0, per_page: 50 });
    expect((await mgmt.actions.list({ actionName: name, deployed: true })).data).toEqual([]);
    await mgmt.actions.deploy(id);
    expect((await mgmt.actions.list({ actionName: name, deployed: true })).data).toHaveLength(1);
    expect(
      (await mgmt.actions.list({ triggerId: 'post-login' })).data.some((a) => a.id === id),
    ).toBe(true);
  });

  test('should list the triggers with post-login v3', async ({ emulator }) => {
    const { triggers } = await managementClient(emulator).actions.triggers.list();
    expect(triggers).toContainEqual(expect.objectContaining({ id: 'post-login', version: 'v3' }));
  });

  test('should replace all post-login bindings and refuse a never-deployed action', async ({
    emulator,
    mgmt,
  }) => {
    const first = await builtAction(mgmt);
    const second = await builtAction(mgmt);
    const secondName = (await mgmt.actions.get(second)).name as string;

    const undeployed = await mgmt.actions.triggers.bindings
      .updateMany('post-login', { bindings: [{ ref: { type: 'action_id', value: first } }] })
      .catch((e: unknown) => e);
    expect(undeployed).toBeInstanceOf(Management.BadRequestError);

    await mgmt.actions.deploy(first);
    await mgmt.actions.deploy(second);
    const bound = await mgmt.actions.triggers.bindings.updateMany('post-login', {
      bindings: [
        { ref: { type: 'action_id', value: first }, display_name: 'First' },
        { ref: { type: 'action_name', value: secondName } },
      ],
    });
    expect(bound.bindings?.map((b) => [b.display_name, b.action?.id, b.trigger_id])).toEqual([
      ['First', first, 'post-login'],
      [secondName, second, 'post-login'],
    ]);
    const listed = await mgmt.actions.triggers.bindings.list('post-login');
    expect(listed.data.map((b) => b.action?.id)).toEqual([first, second]);
    expect(listed.response).toMatchObject({ total: 2 });
    expect(emulator.context.tenant.boundPostLoginActions().map((b) => b.action.id)).toEqual([
      first,
      second,
    ]);

    // Replaces, does not append: keeping only the second by its binding id.
    const keep = listed.data[1]?.id as string;
    const replaced = await mgmt.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'binding_id', value: keep } }],
    });
    expect(replaced.bindings?.map((b) => b.id)).toEqual([keep]);

    const bound2 = await mgmt.actions.delete(second).catch((e: unknown) => e);
    expect(bound2).toBeInstanceOf(Management.BadRequestError);
    await mgmt.actions.delete(second, { force: true });
    expect((await mgmt.actions.triggers.bindings.list('post-login')).data).toEqual([]);
    await mgmt.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
  });
});
