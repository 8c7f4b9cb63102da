import { getMetadataStorage, type ValidationError } from 'class-validator';
import { nearestName } from './nearest-name';

/**
 * Flattens nested class-validator errors into `models[3].type must be one of …` lines; a field the schema does not
 * know becomes `models[0].resoning is not a known field (did you mean reasoning?)`.
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    const [constraint, message] = firstProblem(error.constraints ?? {}) ?? [];
    if (constraint === 'whitelistValidation') lines.push(unknownField(path, error));
    else if (message !== undefined) lines.push(`${path} ${stripPropertyPrefix(message, error.property)}`);
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path));
  }
  return lines;
}

/**
 * One message per field: `"port": "abc"` breaks isInt, min and max at once, and only "must be an integer" helps. The
 * type check (class-validator's `is…` constraints) comes first, whatever order the decorators were written in.
 */
function firstProblem(constraints: Record<string, string>): [string, string] | undefined {
  const entries = Object.entries(constraints);
  return entries.find(([name]) => name === 'whitelistValidation') ?? entries.find(([name]) => /^is[A-Z]/.test(name)) ?? entries[0];
}

function unknownField(path: string, error: ValidationError): string {
  const suggestion = nearestName(error.property, knownFields(error.target));
  return `${path} is not a known field${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

/** The decorated properties of the schema class the unknown field was found in. */
function knownFields(target: object | undefined): string[] {
  if (!target) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}
function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

// class-validator's default messages start with the property name ("port must be an integer"); the path replaces it.
function stripPropertyPrefix(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
