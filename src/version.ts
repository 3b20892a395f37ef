import { PACKAGE_MANIFEST } from './paths.js';

/** The package's version, from package.json (read once, where the package root is found). */
export const VERSION: string = PACKAGE_MANIFEST.version;
