import { describe, expect, it } from 'vitest';
import { createWorkspaceTree, snapshotOf } from '../../testing/platform-tree.js';
import { dbModuleGenerator, registerModule } from './generator.js';

const modules = 'apps/db-api/src/modules';

describe('db-module generator', () => {
  it('writes the module: schemas, SQL, actions, routes with the root action and add', async () => {
    const tree = createWorkspaceTree();
    await dbModuleGenerator(tree, { name: 'shop-orders', description: 'Orders of the shop' });
    for (const file of ['schemas.ts', 'sql.ts', 'actions.ts', 'routes.ts', 'index.ts', 'schemas.test.ts']) {
      expect(tree.exists(`${modules}/shop-orders/${file}`), file).toBe(true);
    }
    const index = tree.read(`${modules}/shop-orders/index.ts`, 'utf-8') ?? '';
    expect(index).toContain('export const shopOrdersModule = defineModule(');
    expect(index).toMatch(/name: ['"]shop-orders['"]/);
    expect(index).toContain('Orders of the shop');
    expect(tree.read(`${modules}/shop-orders/routes.ts`, 'utf-8')).toMatch(/['"]{2}: root,\s+add,/);
    expect(tree.read(`${modules}/shop-orders/sql.ts`, 'utf-8')).toContain('INSERT INTO shop_orders_items');
  });

  it('registers the module in src/modules/index.ts', async () => {
    const tree = createWorkspaceTree();
    await dbModuleGenerator(tree, { name: 'shop-orders' });
    const index = tree.read(`${modules}/index.ts`, 'utf-8') ?? '';
    expect(index).toMatch(/import \{ shopOrdersModule \} from ['"]\.\/shop-orders\/index\.js['"];/);
    expect(index).toMatch(/= \[\s*exampleModule,\s*shopOrdersModule,?\s*\];/);
  });

  it('adds a migration that sorts after every existing one, and an integration test', async () => {
    const tree = createWorkspaceTree();
    const dir = 'apps/db-api/migrations/default';
    const before = tree.children(dir).sort();
    await dbModuleGenerator(tree, { name: 'shop-orders' });
    const added = tree.children(dir).filter((file) => !before.includes(file));
    expect(added).toEqual([expect.stringMatching(/^\d{13}_create-shop-orders-items\.sql$/)]);
    expect([...before, added[0]].sort().at(-1)).toBe(added[0]);
    const sql = tree.read(`${dir}/${added[0]}`, 'utf-8') ?? '';
    expect(sql).toMatch(/-- Up Migration\nCREATE TABLE shop_orders_items/);
    expect(sql).toContain('-- Down Migration\nDROP TABLE shop_orders_items;');
    expect(tree.read('apps/db-api/test/shop-orders-module.integration.test.ts', 'utf-8')).toMatch(
      /['"]\/shop-orders\/add['"]/,
    );
  });

  it.each([
    ['an existing module', 'example', 'NAME_TAKEN', /exists already/],
    ['an invalid name', 'Shop Orders', 'NAME_INVALID', /kebab-case/],
    ['a name with a slash', 'shop/orders', 'NAME_INVALID', /kebab-case/],
  ])('refuses %s with a clear message and writes nothing', async (_case, name, code, message) => {
    const tree = createWorkspaceTree();
    const before = snapshotOf(tree);
    await expect(dbModuleGenerator(tree, { name })).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(snapshotOf(tree)).toEqual(before);
  });

  it('refuses a module list it cannot find', () => {
    expect(() => registerModule('export const modules = [];\n', { name: 'x', propertyName: 'x' })).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_UNEXPECTED' }),
    );
  });
});
