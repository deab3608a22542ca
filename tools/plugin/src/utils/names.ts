import { GeneratorInputError } from './generator-input-error.js';

/** Lower-case words of letters and digits joined by single hyphens: a folder, package, image and DNS name. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;

export interface Names {
  /** demo-svc */
  name: string;
  /** DemoSvc */
  className: string;
  /** demoSvc */
  propertyName: string;
  /** DEMO_SVC */
  constantName: string;
  /** demo_svc */
  snakeName: string;
}

/** Checks a project or module name and derives the spellings the templates use. */
export function namesOf(raw: unknown, what: string): Names {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!KEBAB.test(name) || name.length > MAX_LENGTH) {
    throw new GeneratorInputError(
      'NAME_INVALID',
      `Invalid ${what} name ${JSON.stringify(raw)}: use kebab-case (lower-case letters and digits, ` +
        `words joined by single hyphens, starting with a letter), at most ${MAX_LENGTH} characters, e.g. "orders-api".`,
    );
  }
  const words = name.split('-');
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const className = words.map(capital).join('');
  return {
    name,
    className,
    propertyName: className.charAt(0).toLowerCase() + className.slice(1),
    constantName: words.join('_').toUpperCase(),
    snakeName: words.join('_'),
  };
}
