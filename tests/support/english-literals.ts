import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Attributes whose text people read or hear. */
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'title', 'placeholder', 'alt', 'label']);

/** A word of English: two or more plain letters (keys such as "Alt", units such as "ms" are allowed by the caller). */
const WORD = /[A-Za-z]{2,}/;

function* tsxFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsxFiles(path);
    else if (name.endsWith('.tsx')) yield path;
  }
}

/** A string or template literal that is rendered: a JSX child, or an operand of ?:, && or ?? inside one. */
function rendered(node: ts.Node): boolean {
  let at: ts.Node = node;
  for (let parent = at.parent; parent !== undefined; at = parent, parent = parent.parent) {
    if (ts.isJsxExpression(parent)) return !ts.isJsxAttribute(parent.parent) || SPOKEN_ATTRIBUTES.has(parent.parent.name.getText());
    if (ts.isParenthesizedExpression(parent)) continue;
    if (ts.isConditionalExpression(parent) && at !== parent.condition) continue;
    if (ts.isBinaryExpression(parent) && at === parent.right && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind)) continue;
    return false;
  }
  return false;
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/**
 * Hard-coded words in the renderer's components, as "file:line text": JSX text, spoken attributes
 * given as plain strings (aria-label, title, placeholder, alt, label) and string literals rendered
 * from a JSX expression. Text without letters (symbols, numbers) passes, and so do `allowed` words
 * (key names, the product's name) and whole `allowed` texts (an example URL in a placeholder).
 */
export function englishLiterals(root: string, allowed: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const file of tsxFiles(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const report = (node: ts.Node, text: string): void => {
      const words = text.match(new RegExp(WORD, 'g')) ?? [];
      if (allowed.has(text.trim()) || words.every((w) => allowed.has(w))) return;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${relative(root, file)}:${line + 1} ${text.trim().replace(/\s+/g, ' ')}`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isJsxText(node)) report(node, node.text);
      else if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText()) && node.initializer !== undefined && ts.isStringLiteral(node.initializer)) report(node, node.initializer.text);
      else {
        const text = literalText(node);
        if (text !== null && rendered(node)) report(node, text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
