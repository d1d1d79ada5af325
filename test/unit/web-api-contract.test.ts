/**
 * The web reads every answer through types generated from the contract, so renaming a response
 * field must fail the type check of the pages that read it. This compiles web/src with the
 * project's compiler options twice: with the generated API types as they are (clean), and with one
 * answer field renamed in a copy (each page that reads the field then has an error on it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const webSrc = path.join(root, 'web', 'src');
const schemaFile = path.join(webSrc, 'api-schema.ts');
const FIELD = 'total_clicks';
const RENAMED = 'clicks_total';

function compilerSetup(): { options: ts.CompilerOptions; webFiles: string[] } {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const webFiles = parsed.fileNames.filter((file) => path.resolve(file).startsWith(webSrc + path.sep));
  // The pages run in the browser: without the Node and Jest globals the program is a third the size.
  return { options: { ...parsed.options, types: [] }, webFiles };
}

/** The web's diagnostics, with the API types' file read as `schemaText`. */
function compileWeb(
  schemaText: string,
  oldProgram?: ts.Program,
): { program: ts.Program; errors: ts.Diagnostic[] } {
  const { options, webFiles } = compilerSetup();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    path.resolve(fileName) === schemaFile
      ? ts.createSourceFile(fileName, schemaText, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: webFiles, options, host, oldProgram });
  return { program, errors: [...ts.getPreEmitDiagnostics(program)] };
}

const describeDiagnostic = (d: ts.Diagnostic): string =>
  `${d.file ? path.relative(root, d.file.fileName) : '(no file)'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;

/** The web files (other than the API types) that mention the field, i.e. read it. */
function readersOfField(webFiles: readonly string[]): string[] {
  return webFiles
    .filter((file) => path.resolve(file) !== schemaFile)
    .filter((file) => new RegExp(`\\b${FIELD}\\b`).test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(root, file))
    .sort();
}

describe('the web against the API contract', () => {
  const schema = readFileSync(schemaFile, 'utf8');
  let clean: ReturnType<typeof compileWeb>;

  beforeAll(() => {
    clean = compileWeb(schema);
  });

  it('compiles clean with the generated API types', () => {
    expect(clean.errors.map(describeDiagnostic)).toEqual([]);
  });

  it(`fails in every page that reads ${FIELD} once the answer field is renamed`, () => {
    const fieldInSchema = new RegExp(`\\b${FIELD}(\\??:)`, 'g');
    expect(schema).toMatch(fieldInSchema);
    const renamed = schema.replace(fieldInSchema, `${RENAMED}$1`);
    const readers = readersOfField(compilerSetup().webFiles);
    expect(readers.length).toBeGreaterThan(0);

    const { errors } = compileWeb(renamed, clean.program);
    const onField = errors.filter((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, '\n').includes(`'${FIELD}'`),
    );
    expect(onField.length).toBeGreaterThan(0);
    const failing = [...new Set(onField.map((d) => path.relative(root, d.file?.fileName ?? '')))].sort();
    expect(failing).toEqual(readers);
  });
});
