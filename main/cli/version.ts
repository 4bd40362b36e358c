// The app's version, put in by scripts/build.mjs from package.json (issue 17: `--version` printed
// npm_package_version, i.e. the version of whichever package's npm script ran the command).
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development build';
