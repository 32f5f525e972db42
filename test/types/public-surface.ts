import path from 'node:path';
import ts from 'typescript';

/** A type the public API reaches that a shop could not name, or should not have to read. */
export interface SurfaceProblem {
  problem: string;
  /** Where it was reached from, e.g. `Privacy.retention.run().locking`. */
  via: string;
}

/**
 * Walks every type reachable from a declaration entry (`dist/index.d.ts`): each export's members,
 * parameters, results, type arguments and union members, as far as they are the package's own.
 * Reports a named type of the package that the entry does not export (a caller receives it but
 * cannot name it), a `ReturnType<…>` (a type inferred, not declared), and a parameter of type
 * `never` (a function no caller can call).
 */
export function publicSurfaceProblems(entry: string): SurfaceProblem[] {
  const packageDir = path.dirname(path.resolve(entry));
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const entryModule = source && checker.getSymbolAtLocation(source);
  if (!entryModule) throw new Error(`${entry} is not a module`);
  const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const exports = checker.getExportsOfModule(entryModule);
  const exported = new Set(exports.map(resolve));
  const ours = (declaration: ts.Declaration | undefined) => Boolean(declaration && declaration.getSourceFile().fileName.startsWith(packageDir + path.sep));
  const problems = new Map<string, string>();
  // A type is walked once closed (only the package's own declarations) and once open (inside an
  // inferred alias such as z.input<…>, whose members are the package's though the alias is zod's).
  const seen = { open: new Set<ts.Type>(), closed: new Set<ts.Type>() };

  function named(symbol: ts.Symbol | undefined, via: string): void {
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration) return;
    if (symbol.name === 'ReturnType') problems.set('ReturnType<…>', via);
    if (!ours(declaration) || symbol.flags & ts.SymbolFlags.TypeParameter) return;
    if (!exported.has(symbol)) problems.set(`${symbol.name} (${path.relative(packageDir, declaration.getSourceFile().fileName)}) is not exported`, via);
  }

  function walk(type: ts.Type, via: string, open: boolean, depth = 0): void {
    const visited = open ? seen.open : seen.closed;
    if (depth > 15 || visited.has(type)) return;
    visited.add(type);
    if (type.aliasSymbol) {
      named(type.aliasSymbol, via);
      for (const argument of type.aliasTypeArguments ?? []) if (ours(argument.getSymbol()?.declarations?.[0])) walk(argument, via, false, depth + 1);
      if (!ours(type.aliasSymbol.declarations?.[0])) open ||= ['input', 'output', 'infer'].includes(type.aliasSymbol.name);
    }
    if (type.isUnionOrIntersection()) {
      for (const member of type.types) walk(member, via, open, depth + 1);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    const object = type as ts.ObjectType;
    const symbol = type.getSymbol();
    if (object.objectFlags & ts.ObjectFlags.Reference) {
      const reference = object as ts.TypeReference;
      named(reference.target.symbol, via);
      for (const argument of checker.getTypeArguments(reference)) walk(argument, via, open, depth + 1);
      if (checker.isArrayType(type) || checker.isTupleType(type)) return;
    } else if (object.objectFlags & (ts.ObjectFlags.Interface | ts.ObjectFlags.Class)) {
      named(symbol, via);
    }
    // Another package's named types (express's Request, knex's Knex) are theirs to keep.
    if (!ours(symbol?.declarations?.[0]) && (!open || object.objectFlags & (ts.ObjectFlags.Interface | ts.ObjectFlags.Class | ts.ObjectFlags.Reference)))
      return;
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.declarations?.[0];
      if (declaration ? !ours(declaration) : !open) continue;
      walk(checker.getTypeOfSymbol(property), `${via}.${property.name}`, open, depth + 1);
    }
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      for (const parameter of signature.getParameters()) {
        const parameterType = checker.getTypeOfSymbol(parameter);
        const rest = checker.isArrayType(parameterType) ? checker.getTypeArguments(parameterType as ts.TypeReference)[0] : undefined;
        if (parameterType.flags & ts.TypeFlags.Never || (rest && rest.flags & ts.TypeFlags.Never)) problems.set(`parameter "${parameter.name}" is never`, via);
        walk(parameterType, `${via}(${parameter.name})`, open, depth + 1);
      }
      walk(signature.getReturnType(), `${via}()`, open, depth + 1);
    }
  }

  for (const symbol of exports) {
    const target = resolve(symbol);
    if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class))
      walk(checker.getDeclaredTypeOfSymbol(target), symbol.name, true);
    if (target.flags & ts.SymbolFlags.Value) walk(checker.getTypeOfSymbol(target), symbol.name, false);
  }
  return [...problems].map(([problem, via]) => ({ problem, via }));
}
