/**
 * The generator's edits of TypeScript files: small insertions at places found through the
 * TypeScript syntax tree, so that the formatting and comments of the file stay as they are and an
 * edit that no longer finds its place fails loudly instead of writing nonsense.
 */
import ts from 'typescript';

export class EditError extends Error {
  override readonly name = 'EditError';
}

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The object or array literal that `const <name> = …` is initialised with (through `as const` and `satisfies`). */
function literalOf(source: ts.SourceFile, name: string): ts.ObjectLiteralExpression | ts.ArrayLiteralExpression {
  let found: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      const literal = unwrap(node.initializer);
      if (ts.isObjectLiteralExpression(literal) || ts.isArrayLiteralExpression(literal)) found = literal;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new EditError(`${source.fileName}: no \`const ${name} = { … }\` or \`[ … ]\` to add to`);
  return found;
}

/** The source text of each entry of `const <name>`'s literal (object properties or array elements). */
export function entriesOf(file: string, text: string, name: string): string[] {
  const literal = literalOf(parse(file, text), name);
  const entries: ts.NodeArray<ts.Node> = ts.isObjectLiteralExpression(literal) ? literal.properties : literal.elements;
  return entries.map((entry) => entry.getText());
}

/** Adds `entry` as the last entry of `const <name>`'s literal, on its own line, indented like the others. */
export function appendEntry(file: string, text: string, name: string, entry: string): string {
  const source = parse(file, text);
  const literal = literalOf(source, name);
  const entries: ts.NodeArray<ts.Node> = ts.isObjectLiteralExpression(literal) ? literal.properties : literal.elements;
  const last = entries[entries.length - 1];
  if (!last) throw new EditError(`${file}: \`${name}\` is empty; add its first entry by hand`);
  const start = last.getStart(source);
  const indent = text.slice(text.lastIndexOf('\n', start) + 1, start);
  if (entries.hasTrailingComma) {
    const comma = text.indexOf(',', last.getEnd());
    return `${text.slice(0, comma + 1)}\n${indent}${entry},${text.slice(comma + 1)}`;
  }
  return `${text.slice(0, last.getEnd())},\n${indent}${entry}${text.slice(last.getEnd())}`;
}

/** Adds an import (or any statement) after the file's last import declaration. */
export function addImport(file: string, text: string, statement: string): string {
  const source = parse(file, text);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const last = imports[imports.length - 1];
  if (!last) return `${statement}\n${text}`;
  return `${text.slice(0, last.getEnd())}\n${statement}${text.slice(last.getEnd())}`;
}

/** Adds a statement after the last top-level statement whose text starts with `prefix`. */
export function insertAfterLast(file: string, text: string, prefix: string, statement: string): string {
  const source = parse(file, text);
  const matching = source.statements.filter((node) => node.getText(source).startsWith(prefix));
  const last = matching[matching.length - 1];
  if (!last) throw new EditError(`${file}: no statement starting with \`${prefix}\` to add after`);
  return `${text.slice(0, last.getEnd())}\n${statement}${text.slice(last.getEnd())}`;
}

/** Adds a name to `export { … } from '<module>'`, keeping the list in its alphabetical order. */
export function addNamedExport(file: string, text: string, module: string, name: string): string {
  const source = parse(file, text);
  const declaration = source.statements.find(
    (node): node is ts.ExportDeclaration =>
      ts.isExportDeclaration(node) && !!node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === module,
  );
  const clause = declaration?.exportClause;
  if (!clause || !ts.isNamedExports(clause)) throw new EditError(`${file}: no \`export { … } from '${module}'\` to add ${name} to`);
  const after = clause.elements.find((element) => element.getText(source).replace(/^type\s+/, '').toLowerCase() > name.toLowerCase());
  if (after) return `${text.slice(0, after.getStart(source))}${name}, ${text.slice(after.getStart(source))}`;
  const last = clause.elements[clause.elements.length - 1];
  return `${text.slice(0, last.getEnd())}, ${name}${text.slice(last.getEnd())}`;
}
