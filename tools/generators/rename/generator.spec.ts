import { resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { describe, expect, it } from 'vitest';
import { PROJECT_NAME, renameGenerator } from './generator';

const repoRoot = resolve(__dirname, '..', '..', '..');
// Changes stay in memory: nothing is written to the repository.
const freshTree = (): Tree => new FsTree(repoRoot, false);
const word = new RegExp(`\\b${PROJECT_NAME}\\b`);

describe('nx g @ftgo/tools:rename', () => {
  it('leaves the name as a word in no tracked file, and every technical name carrying the new one', async () => {
    const tree = freshTree();
    await renameGenerator(tree, { name: 'acme' });
    const changed = tree.listChanges();
    expect(changed.length).toBeGreaterThan(50);
    expect(changed.every((change) => change.type === 'UPDATE')).toBe(true);
    for (const change of changed) expect(change.content?.toString('utf-8'), change.path).not.toMatch(word);

    const json = (path: string) => JSON.parse(tree.read(path, 'utf-8') ?? '{}');
    expect(Object.keys(json('tsconfig.base.json').compilerOptions.paths)).toContain('@acme/platform');
    expect(json('tools/package.json').name).toBe('@acme/tools');
    expect(json('package.json').name).toBe(json('package-lock.json').name);
    expect(tree.read('k8s/overlays/production/kustomization.yaml', 'utf-8')).toMatch(/^namespace: acme$/m);
    // The next rename starts from the new name.
    expect(tree.read('tools/generators/rename/generator.ts', 'utf-8')).toContain("PROJECT_NAME = 'acme'");
  });

  it('keeps what only contains the name: FTGO in capitals, longer words', async () => {
    const tree = freshTree();
    tree.write('notes/sample.md', 'FTGO delivers food. ftgoish, xftgo and ftgo_x stay; @ftgo/platform and ftgo-postgres change.\n');
    await renameGenerator(tree, { name: 'acme' });
    expect(tree.read('notes/sample.md', 'utf-8')).toBe('FTGO delivers food. ftgoish, xftgo and ftgo_x stay; @acme/platform and acme-postgres change.\n');
  });

  it.each([
    ['Acme', /not a name/],
    ['acme_corp', /not a name/],
    ['-acme', /not a name/],
    [PROJECT_NAME, /already called/],
    ['order', /a service's name/],
  ])('refuses %s with a message and writes nothing', async (name, message) => {
    const tree = freshTree();
    await expect(renameGenerator(tree, { name })).rejects.toThrow(message);
    expect(tree.listChanges()).toEqual([]);
  });
});
